import * as schemas from "@aws-sdk/client-s3";
import { AwsError } from "../../errors.js";
import { s3AuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { abortMultipartUpload } from "./operations/abort-multipart-upload.js";
import { completeMultipartUpload } from "./operations/complete-multipart-upload.js";
import { copyObject } from "./operations/copy-object.js";
import { createBucket } from "./operations/create-bucket.js";
import { createMultipartUpload } from "./operations/create-multipart-upload.js";
import { deleteBucketEncryption } from "./operations/delete-bucket-encryption.js";
import { deleteBucketPolicy } from "./operations/delete-bucket-policy.js";
import { deleteBucketTagging } from "./operations/delete-bucket-tagging.js";
import { deleteBucket } from "./operations/delete-bucket.js";
import { deleteObjectTagging } from "./operations/delete-object-tagging.js";
import { deleteObject } from "./operations/delete-object.js";
import { deleteObjects } from "./operations/delete-objects.js";
import { deletePublicAccessBlock } from "./operations/delete-public-access-block.js";
import { getBucketEncryption } from "./operations/get-bucket-encryption.js";
import { getBucketLocation } from "./operations/get-bucket-location.js";
import { getBucketNotificationConfiguration } from "./operations/get-bucket-notification-configuration.js";
import { getBucketPolicy } from "./operations/get-bucket-policy.js";
import { getBucketTagging } from "./operations/get-bucket-tagging.js";
import { getBucketVersioning } from "./operations/get-bucket-versioning.js";
import { getObjectTagging } from "./operations/get-object-tagging.js";
import { getObject } from "./operations/get-object.js";
import { getPublicAccessBlock } from "./operations/get-public-access-block.js";
import { headBucket } from "./operations/head-bucket.js";
import { headObject } from "./operations/head-object.js";
import { listBuckets } from "./operations/list-buckets.js";
import { listMultipartUploads } from "./operations/list-multipart-uploads.js";
import { listObjectVersions } from "./operations/list-object-versions.js";
import { listObjects } from "./operations/list-objects.js";
import { listObjectsV2 } from "./operations/list-objects-v2.js";
import { listParts } from "./operations/list-parts.js";
import { putBucketEncryption } from "./operations/put-bucket-encryption.js";
import { putBucketNotificationConfiguration } from "./operations/put-bucket-notification-configuration.js";
import { putBucketPolicy } from "./operations/put-bucket-policy.js";
import { putBucketTagging } from "./operations/put-bucket-tagging.js";
import { putBucketVersioning } from "./operations/put-bucket-versioning.js";
import { putObjectTagging } from "./operations/put-object-tagging.js";
import { putObject } from "./operations/put-object.js";
import { putPublicAccessBlock } from "./operations/put-public-access-block.js";
import { uploadPart } from "./operations/upload-part.js";
import { s3Store } from "./store.js";

const ARN_PREFIX = "arn:aws:s3:::";

export const s3: ServiceDefinition = {
  signingName: "s3",
  displayName: "S3",
  protocol: "restXml",
  schemas,
  // AWS takes single PUTs up to 5 GiB; this emulator keeps objects in memory, so it stops at 1 GiB.
  maxBodyBytes: 1024 * 1024 * 1024,
  operations: {
    CreateBucket: createBucket,
    HeadBucket: headBucket,
    ListBuckets: listBuckets,
    DeleteBucket: deleteBucket,
    GetBucketLocation: getBucketLocation,
    PutBucketTagging: putBucketTagging,
    GetBucketTagging: getBucketTagging,
    DeleteBucketTagging: deleteBucketTagging,
    PutPublicAccessBlock: putPublicAccessBlock,
    GetPublicAccessBlock: getPublicAccessBlock,
    DeletePublicAccessBlock: deletePublicAccessBlock,
    PutBucketEncryption: putBucketEncryption,
    GetBucketEncryption: getBucketEncryption,
    DeleteBucketEncryption: deleteBucketEncryption,
    PutBucketVersioning: putBucketVersioning,
    GetBucketVersioning: getBucketVersioning,
    PutBucketPolicy: putBucketPolicy,
    GetBucketPolicy: getBucketPolicy,
    DeleteBucketPolicy: deleteBucketPolicy,
    PutBucketNotificationConfiguration: putBucketNotificationConfiguration,
    GetBucketNotificationConfiguration: getBucketNotificationConfiguration,
    PutObject: putObject,
    GetObject: getObject,
    HeadObject: headObject,
    DeleteObject: deleteObject,
    DeleteObjects: deleteObjects,
    CopyObject: copyObject,
    GetObjectTagging: getObjectTagging,
    PutObjectTagging: putObjectTagging,
    DeleteObjectTagging: deleteObjectTagging,
    ListObjectsV2: listObjectsV2,
    ListObjects: listObjects,
    ListObjectVersions: listObjectVersions,
    CreateMultipartUpload: createMultipartUpload,
    UploadPart: uploadPart,
    CompleteMultipartUpload: completeMultipartUpload,
    AbortMultipartUpload: abortMultipartUpload,
    ListMultipartUploads: listMultipartUploads,
    ListParts: listParts,
  },
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403 }),
  authErrors: s3AuthErrors(),
  /** The bucket policy governs the bucket and every object in it. */
  resourcePolicy: (resourceArn, hub) => {
    if (!resourceArn.startsWith(ARN_PREFIX)) return undefined;
    const bucketName = resourceArn.slice(ARN_PREFIX.length).split("/")[0]!;
    return s3Store(hub).buckets.get(bucketName)?.policy?.document;
  },
};
