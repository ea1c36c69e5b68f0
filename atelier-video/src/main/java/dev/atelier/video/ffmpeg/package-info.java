/**
 * FFmpeg as subprocesses: {@code ffprobe}'s JSON read into {@link dev.atelier.video.ffmpeg.VideoInfo},
 * frames decoded and encoded over raw RGB pipes, segments muxed with the source's audio. Every wait
 * on a subprocess is cancellable and bounded; nothing of FFmpeg is linked into the JVM.
 */
package dev.atelier.video.ffmpeg;
