/**
 * Weights files: reading PyTorch {@code .pth} state_dicts and safetensors files into
 * {@link dev.atelier.weights.StateDict}s of float32 {@link dev.atelier.weights.HostTensor}s, and
 * writing safetensors.
 *
 * <p>Formats, told apart by content ({@link dev.atelier.weights.WeightsFiles}):
 * <ul>
 *   <li><b>.pth, zip layout</b> (torch 1.6 and later): a zip holding {@code <prefix>/data.pkl}, a
 *       pickle of the state_dict whose tensors refer through persistent ids
 *       {@code ('storage', type, key, location, numel)} to raw little-endian storages
 *       {@code <prefix>/data/<key>}, plus {@code byteorder} and {@code version} records.</li>
 *   <li><b>.pth, legacy layout</b>: pickles of the magic number, format version 1001, system
 *       information, the state_dict and its storage key list, followed by each storage as an int64
 *       element count and raw elements.</li>
 *   <li><b>safetensors</b>: an 8-byte little-endian header length, a JSON header (dtype, shape and
 *       byte range of each tensor, optional {@code __metadata__} strings), then the data.</li>
 * </ul>
 *
 * <p>Pickles are never executed: {@code RestrictedUnpickler} is a pickle machine that builds plain
 * values only, and its rules refuse every global other than {@code collections.OrderedDict}, the
 * {@code torch._utils} tensor rebuild functions, torch storage classes and dtypes. Readers take a
 * name filter so that unneeded tensors are never decoded; damaged files are reported as one-line
 * {@link dev.atelier.BadInputException}s naming the file.
 */
package dev.atelier.weights;
