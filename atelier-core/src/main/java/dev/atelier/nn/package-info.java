/**
 * Networks as functions of NDArrays: the VGG-16/19 feature extractors (Simonyan and Zisserman
 * 2015) that return activations by layer name, the fast style transfer transformer in its two
 * published layouts (Johnson et al. 2016), and the building blocks DJL lacks (reflection padding,
 * instance normalisation with affine parameters, upsampling convolutions).
 *
 * <p>{@link dev.atelier.nn.BackboneLoader} finds VGG weights (a file, the network that comes with
 * Atelier ({@link dev.atelier.nn.EmbeddedVgg}), the cache, the download, or seeded random ones); {@link dev.atelier.nn.Constants} turns numbers into tensors that own their
 * memory, since DJL's number arguments are freed while autograd still needs them.
 */
package dev.atelier.nn;
