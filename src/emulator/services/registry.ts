/** Every service the emulator provides, in one list. */
import type { ServiceDefinition } from "./service.js";
import { sts } from "./sts/index.js";

export const allServices: ServiceDefinition[] = [sts];
