/**
 * The S3 bucket: public access blocked, default encryption, stack tags.
 * Removal empties it first, every object version and delete marker included
 * (S3 refuses to delete a bucket while any remain).
 */
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type ListMultipartUploadsCommandOutput,
  type PublicAccessBlockConfiguration,
} from "@aws-sdk/client-s3";
import { OperationError } from "../errors.js";
import { httpStatus, isAwsError } from "../aws-errors.js";
import { absent, present, type Drift, type ResourceEnv, type ResourceModule } from "./resource.js";
import { describeMissingTags, missingTags, tagsFromList, tagsToList, type Tags } from "./tags.js";

export interface BucketProps {
  name: string;
  region: string;
  /** The account that must own the bucket (S3's ExpectedBucketOwner check). */
  owner: string;
  tags: Tags;
}

const BLOCK_ALL_PUBLIC_ACCESS: Required<PublicAccessBlockConfiguration> = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export const bucket: ResourceModule<BucketProps> = {
  describe: (props) => `bucket ${props.name}`,

  async read(props, env) {
    const s3 = env.clients.s3;
    const ownership = await headBucket(props, env);
    if (ownership === "missing") return absent;
    if (ownership === "foreign") return { exists: false, note: "the name is taken by another AWS account" };
    const drift: Drift[] = [];

    const publicAccess: PublicAccessBlockConfiguration = await s3.send(new GetPublicAccessBlockCommand({ Bucket: props.name })).then(
      (output) => output.PublicAccessBlockConfiguration ?? {},
      (error: unknown) => {
        if (isAwsError(error, "NoSuchPublicAccessBlockConfiguration")) return {};
        throw error;
      },
    );
    const open = (Object.keys(BLOCK_ALL_PUBLIC_ACCESS) as (keyof PublicAccessBlockConfiguration)[]).filter(
      (setting) => publicAccess[setting] !== true,
    );
    if (open.length > 0) {
      drift.push({
        description: `public access block off: ${open.join(", ")}`,
        repair: () => blockPublicAccess(props, env),
      });
    }

    const algorithm = await s3.send(new GetBucketEncryptionCommand({ Bucket: props.name })).then(
      (output) => output.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      (error: unknown) => {
        if (isAwsError(error, "ServerSideEncryptionConfigurationNotFoundError")) return undefined;
        throw error;
      },
    );
    // Any default encryption (SSE-S3 or a KMS key someone chose) satisfies the plan.
    if (algorithm === undefined) {
      drift.push({ description: "default encryption missing", repair: () => encryptByDefault(props, env) });
    }

    const liveTags = await readTags(props, env);
    const missing = missingTags(props.tags, liveTags);
    if (Object.keys(missing).length > 0) {
      drift.push({
        description: describeMissingTags(missing),
        // PutBucketTagging replaces the whole set: keep tags others added.
        repair: () => putTags(props, { ...liveTags, ...props.tags }, env),
      });
    }
    return present(drift, { encryption: algorithm ?? "none" });
  },

  async create(props, env) {
    try {
      await env.clients.s3.send(
        new CreateBucketCommand({
          Bucket: props.name,
          // us-east-1 is the default and is not a valid LocationConstraint.
          CreateBucketConfiguration:
            props.region === "us-east-1" ? undefined : { LocationConstraint: props.region as BucketLocationConstraint },
        }),
      );
    } catch (error) {
      // Re-creating our own bucket: 200 in us-east-1, BucketAlreadyOwnedByYou elsewhere (aws-behaviour §8.17).
      if (!isAwsError(error, "BucketAlreadyOwnedByYou")) {
        if (isAwsError(error, "BucketAlreadyExists")) throw ownedElsewhere(props.name, error);
        throw error;
      }
    }
    await blockPublicAccess(props, env);
    await encryptByDefault(props, env);
    await putTags(props, props.tags, env);
  },

  async remove(props, env) {
    // Never empty or delete a bucket of that name that another account owns.
    if ((await headBucket(props, env)) !== "ours") return "absent";
    // A consumer finishing its last batch can still write a result while we empty: one more pass then.
    for (let pass = 1; ; pass++) {
      await emptyBucket(props.name, env);
      try {
        await env.clients.s3.send(new DeleteBucketCommand({ Bucket: props.name }));
        return "deleted";
      } catch (error) {
        if (isAwsError(error, "NoSuchBucket")) return "deleted";
        if (!isAwsError(error, "BucketNotEmpty") || pass === 3) throw error;
        env.progress("new objects arrived while emptying; emptying again", pass);
      }
    }
  },
};

/**
 * Whether the bucket exists and is this account's. With ExpectedBucketOwner,
 * S3 answers 403 for a bucket another account owns, even one we may read.
 */
async function headBucket(props: BucketProps, env: ResourceEnv): Promise<"ours" | "missing" | "foreign"> {
  try {
    await env.clients.s3.send(new HeadBucketCommand({ Bucket: props.name, ExpectedBucketOwner: props.owner }));
    return "ours";
  } catch (error) {
    if (httpStatus(error) === 404 || isAwsError(error, "NotFound", "NoSuchBucket")) return "missing";
    if (httpStatus(error) === 403) return "foreign";
    throw error;
  }
}

function ownedElsewhere(name: string, cause: unknown): OperationError {
  return new OperationError(
    `bucket name ${name} is already taken by another AWS account (bucket names are global): choose another --stack name`,
    { cause },
  );
}

async function blockPublicAccess(props: BucketProps, env: ResourceEnv): Promise<void> {
  await env.clients.s3.send(
    new PutPublicAccessBlockCommand({ Bucket: props.name, PublicAccessBlockConfiguration: BLOCK_ALL_PUBLIC_ACCESS }),
  );
}

async function encryptByDefault(props: BucketProps, env: ResourceEnv): Promise<void> {
  await env.clients.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: props.name,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
    }),
  );
}

async function readTags(props: BucketProps, env: ResourceEnv): Promise<Tags> {
  try {
    const output = await env.clients.s3.send(new GetBucketTaggingCommand({ Bucket: props.name }));
    return tagsFromList(output.TagSet);
  } catch (error) {
    if (isAwsError(error, "NoSuchTagSet")) return {};
    throw error;
  }
}

async function putTags(props: BucketProps, tags: Tags, env: ResourceEnv): Promise<void> {
  await env.clients.s3.send(new PutBucketTaggingCommand({ Bucket: props.name, Tagging: { TagSet: tagsToList(tags) } }));
}

/** Deletes every object version, delete marker and unfinished multipart upload. */
async function emptyBucket(name: string, env: ResourceEnv): Promise<void> {
  const s3 = env.clients.s3;
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket: name, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((entry) => ({
      Key: entry.Key!,
      VersionId: entry.VersionId,
    }));
    if (objects.length > 0) {
      const result = await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: objects, Quiet: true } }));
      const failure = result.Errors?.[0];
      if (failure) {
        throw new OperationError(`could not delete s3://${name}/${failure.Key}: ${failure.Code} ${failure.Message ?? ""}`.trim());
      }
      deleted += objects.length;
      env.progress(`emptying: deleted ${deleted} object versions and delete markers`);
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);

  let uploadMarker: { key?: string; id?: string } | undefined = {};
  while (uploadMarker) {
    const page: ListMultipartUploadsCommandOutput = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: name, KeyMarker: uploadMarker.key, UploadIdMarker: uploadMarker.id }),
    );
    for (const upload of page.Uploads ?? []) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: name, Key: upload.Key!, UploadId: upload.UploadId! }));
    }
    uploadMarker = page.IsTruncated ? { key: page.NextKeyMarker, id: page.NextUploadIdMarker } : undefined;
  }
}
