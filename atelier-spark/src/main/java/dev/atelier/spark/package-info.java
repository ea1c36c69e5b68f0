/**
 * {@code atelier batch} on Apache Spark (the cluster's own Spark, {@code provided}): the driver plans
 * as {@code batch} does and broadcasts the paintings and settings, each executor keeps one open
 * {@link dev.atelier.api.Stylist} for all its tasks, and results go to any Hadoop path through a
 * temporary name and a rename, so that {@code batch} and this job read each other's folders.
 * {@link dev.atelier.spark.SparkBatch} is the job; {@link dev.atelier.spark.SparkBatchMain} is what
 * {@code spark-submit} starts.
 */
package dev.atelier.spark;
