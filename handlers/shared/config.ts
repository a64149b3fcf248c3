import { ConsumerConfigError } from "./errors.js";
import { defaultResultsPrefix, normaliseResultsPrefix, type ConsumerName } from "./result.js";

export interface ConsumerConfig {
  /** Where results are written (EDA_BUCKET). */
  bucket: string;
  /** EDA_RESULTS_PREFIX, default `results/<consumer>/`. */
  resultsPrefix: string;
  /** EDA_TRANSIENT_FAILURE_RATE in 0..1, default 0. */
  transientFailureRate: number;
}

export function readConsumerConfig(consumer: ConsumerName, env: NodeJS.ProcessEnv): ConsumerConfig {
  // Catches a bundle deployed to the other consumer's function.
  if (env.EDA_CONSUMER && env.EDA_CONSUMER !== consumer) {
    throw new ConsumerConfigError(`EDA_CONSUMER is ${env.EDA_CONSUMER} but this is the ${consumer} consumer`);
  }
  const bucket = env.EDA_BUCKET;
  if (!bucket) throw new ConsumerConfigError("EDA_BUCKET is not set");
  const rateText = env.EDA_TRANSIENT_FAILURE_RATE?.trim() || "0";
  const transientFailureRate = Number(rateText);
  if (!(transientFailureRate >= 0 && transientFailureRate <= 1)) {
    throw new ConsumerConfigError(`EDA_TRANSIENT_FAILURE_RATE must be a number from 0 to 1, got ${rateText}`);
  }
  return {
    bucket,
    resultsPrefix: normaliseResultsPrefix(env.EDA_RESULTS_PREFIX || defaultResultsPrefix(consumer)),
    transientFailureRate,
  };
}
