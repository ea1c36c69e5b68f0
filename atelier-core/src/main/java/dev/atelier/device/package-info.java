/**
 * Where a run's tensors live: the device a caller asks for ({@link dev.atelier.device.DeviceChoice}:
 * {@code cpu}, {@code gpu}, {@code auto}), what it resolved to on this machine's engine
 * ({@link dev.atelier.device.RunDevice}, for reports), and the one way the methods make their tensor
 * managers ({@link dev.atelier.device.RunDevice#newManager()}), on the device bound to the run's thread.
 */
package dev.atelier.device;
