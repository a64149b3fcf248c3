/** Every service the emulator provides, in one list. */
import { iam } from "./iam/index.js";
import { lambda } from "./lambda/index.js";
import { logs } from "./logs/index.js";
import { s3 } from "./s3/index.js";
import type { ServiceDefinition } from "./service.js";
import { sns } from "./sns/index.js";
import { sqs } from "./sqs/index.js";
import { sts } from "./sts/index.js";

export const allServices: ServiceDefinition[] = [s3, sns, sqs, sts, iam, lambda, logs];
