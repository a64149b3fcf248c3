/**
 * Why the SDK's credential chain found no credentials, in one line. The
 * chain ends with a generic "Could not load credentials from any providers"
 * unless a provider stopped it with its own error (an SSO session that
 * expired: "run 'aws sso login'"). A profile's credential_process that fails
 * only lets the chain go on, so its error is asked for again, from that
 * provider alone, and reported as the profile's.
 */
import { loadSharedConfigFiles } from "@smithy/core/config";
import { UsageError } from "./errors.js";

export const NO_CREDENTIALS_MESSAGE =
  "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or pass --profile), or use --local";

/** The message of the chain (@smithy/property-provider's chain) when no provider had anything to say. */
const CHAIN_EXHAUSTED = "Could not load credentials from any providers";

export async function credentialsProblem(error: Error, profile: string): Promise<UsageError> {
  if (!error.message.startsWith(CHAIN_EXHAUSTED)) {
    return new UsageError(`AWS profile "${profile}" cannot provide credentials: ${oneLine(error.message)}`, { cause: error });
  }
  const { configFile, credentialsFile } = await loadSharedConfigFiles();
  const credentialProcess = configFile[profile]?.credential_process ?? credentialsFile[profile]?.credential_process;
  if (credentialProcess) {
    const { fromProcess } = await import("@aws-sdk/credential-providers");
    const failure = await fromProcess({ profile })().then(
      () => undefined,
      (processError: unknown) => (processError instanceof Error ? processError.message : String(processError)),
    );
    if (failure) return new UsageError(`the credential_process of AWS profile "${profile}" failed: ${oneLine(failure)}`, { cause: error });
  }
  return new UsageError(NO_CREDENTIALS_MESSAGE, { cause: error });
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ": ").replace(/(: )+$/, "").trim();
}
