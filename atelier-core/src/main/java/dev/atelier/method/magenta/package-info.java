/**
 * Arbitrary style transfer by style prediction (Ghiasi et al., BMVC 2017), with Google's distilled
 * Magenta networks: a MobileNetV2 {@link dev.atelier.method.magenta.StylePredictionNetwork} maps a
 * painting to a 100-value {@link dev.atelier.method.magenta.StyleEmbedding}, and a
 * {@link dev.atelier.method.magenta.StyleTransferNetwork} with conditional instance norms repaints
 * the photo from it in one pass.
 *
 * <p>{@link dev.atelier.method.magenta.MagentaModels} reads the networks from Google's TensorFlow
 * Lite files and refuses files that are not them; {@link dev.atelier.method.magenta.MagentaStylizer}
 * stylizes (strength, several paintings, masks, colour preservation) with
 * {@link dev.atelier.method.magenta.MagentaOptions}.
 */
package dev.atelier.method.magenta;
