/**
 * TensorFlow Lite model files (FlatBuffers schema v3) read without the TensorFlow Lite runtime:
 * {@link dev.atelier.weights.tflite.TfliteModel} lists a graph's operators and tensors and turns
 * its constant tensors (FLOAT32, FLOAT16, or INT8/INT32 with per-tensor or per-axis scales) into
 * float32 {@link dev.atelier.weights.HostTensor}s, so networks published only in this form can be
 * rebuilt on Atelier's engine. Every offset read from a file is checked against its length; damaged,
 * truncated or foreign files fail with a one-line {@link dev.atelier.BadInputException}.
 */
package dev.atelier.weights.tflite;
