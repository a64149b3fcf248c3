/**
 * An SQS event source mapping's settings and states, and the validation of
 * its parameters with Lambda's rules:
 * BatchSize 1-10,000 (10 for FIFO queues) and above 10 only with a batching
 * window of at least one second, window 0-300 s, StartingPosition refused,
 * ReportBatchItemFailures the only response type, MaximumConcurrency 2-1000.
 */
import type { CreateEventSourceMappingCommandInput, UpdateEventSourceMappingCommandInput } from "@aws-sdk/client-lambda";
import { invalidParameter, validationError } from "./errors.js";

type MappingInput = CreateEventSourceMappingCommandInput | UpdateEventSourceMappingCommandInput;

export type MappingState = "Creating" | "Enabling" | "Enabled" | "Disabling" | "Disabled" | "Updating" | "Deleting";

export interface MappingSettings {
  functionArn: string;
  enabled: boolean;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  reportBatchItemFailures: boolean;
  maximumConcurrency: number | undefined;
}

/** Merges the parameters given into `current` (defaults for a new mapping) and validates the result. */
export function mappingSettings(input: MappingInput, functionArn: string, current: MappingSettings | undefined, fifoQueue: boolean): MappingSettings {
  if ("StartingPosition" in input && input.StartingPosition !== undefined) {
    throw invalidParameter("StartingPosition is not valid for SQS event sources.");
  }
  if (input.FilterCriteria !== undefined) throw invalidParameter("The eda emulator does not filter events: FilterCriteria is not supported.");
  if (input.DestinationConfig !== undefined) throw invalidParameter("Unsupported DestinationConfig parameter for given event source mapping type.");

  const batchSize = input.BatchSize ?? current?.batchSize ?? 10;
  const window = input.MaximumBatchingWindowInSeconds ?? current?.maximumBatchingWindowInSeconds ?? 0;
  if (batchSize < 1) throw validationError("batchSize", batchSize, "Member must have value greater than or equal to 1");
  if (batchSize > 10000) throw validationError("batchSize", batchSize, "Member must have value less than or equal to 10000");
  if (window < 0) throw validationError("maximumBatchingWindowInSeconds", window, "Member must have value greater than or equal to 0");
  if (window > 300) throw validationError("maximumBatchingWindowInSeconds", window, "Member must have value less than or equal to 300");
  if (fifoQueue && batchSize > 10) throw invalidParameter("Batch size for FIFO queues must be between 1 and 10."); // wording unconfirmed
  if (batchSize > 10 && window < 1) {
    throw invalidParameter("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
  }

  let reportBatchItemFailures = current?.reportBatchItemFailures ?? false;
  if (input.FunctionResponseTypes !== undefined) {
    for (const type of input.FunctionResponseTypes) {
      if (type !== "ReportBatchItemFailures") {
        throw validationError("functionResponseTypes", input.FunctionResponseTypes, "Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
      }
    }
    reportBatchItemFailures = input.FunctionResponseTypes.length > 0;
  }

  let maximumConcurrency = current?.maximumConcurrency;
  if (input.ScalingConfig !== undefined) {
    maximumConcurrency = input.ScalingConfig.MaximumConcurrency;
    if (maximumConcurrency !== undefined && (maximumConcurrency < 2 || maximumConcurrency > 1000)) {
      throw validationError(
        "scalingConfig.maximumConcurrency",
        maximumConcurrency,
        maximumConcurrency < 2 ? "Member must have value greater than or equal to 2" : "Member must have value less than or equal to 1000",
      );
    }
  }

  return {
    functionArn,
    enabled: input.Enabled ?? current?.enabled ?? true,
    batchSize,
    maximumBatchingWindowInSeconds: window,
    reportBatchItemFailures,
    maximumConcurrency,
  };
}
