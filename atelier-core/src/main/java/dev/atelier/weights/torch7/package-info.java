/**
 * Torch7 {@code .t7} files ({@code torch.save} of Lua Torch), read without running anything: the
 * format of jcjohnson/fast-neural-style's released networks and of the AdaIN release.
 *
 * <p>{@link dev.atelier.weights.torch7.Torch7Reader} turns the serialised object stream into plain
 * values (numbers, strings, tables, tensors over shared storages, objects of allowed classes);
 * {@link dev.atelier.weights.torch7.Torch7Checkpoint} finds the network in it and {@link
 * dev.atelier.weights.torch7.Torch7Module} reads its modules' fields; {@link
 * dev.atelier.weights.torch7.Torch7StateDict} names its parameters as a converted PyTorch {@code
 * nn.Sequential} would, for the readers of state dicts.
 */
package dev.atelier.weights.torch7;
