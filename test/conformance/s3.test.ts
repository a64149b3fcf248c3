/**
 * S3 answers compared with what AWS answered in recorded calls. Each test
 * names its recording: localstack tests/aws/services/s3/<file> "<test>",
 * snapshots of real AWS responses from tests marked aws.validated.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  DeletePublicAccessBlockCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketEncryptionCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";
import { rawAnswers, rejectsAsRecorded } from "../helpers/recorded.js";

const MIB = 1024 * 1024;

describe("S3 conformance with recorded AWS answers", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  let raw: ReturnType<typeof rawAnswers>;
  before(async () => {
    emulator = await startTestEmulator();
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    raw = rawAnswers(s3);
  });
  after(async () => {
    await emulator.stop();
  });

  function clientIn(region: string): S3Client {
    return new S3Client(clientConfig(emulator, { forcePathStyle: true, region }));
  }

  describe("CreateBucket and its LocationConstraint", () => {
    // test_s3.snapshot.json "test_create_bucket_with_existing_name": signed for us-east-1, created in us-west-1.
    it("creates a bucket in the region a us-east-1 request names, and GetBucketLocation answers it", async () => {
      const created = await s3.send(new CreateBucketCommand({ Bucket: "west-from-east", CreateBucketConfiguration: { LocationConstraint: "us-west-1" } }));
      // test_s3.snapshot.json "test_create_bucket_head_bucket" "create_bucket_location_constraint"
      assert.equal(created.Location, "http://west-from-east.s3.amazonaws.com/");
      assert.equal(created.BucketArn, "arn:aws:s3:::west-from-east");
      const location = await clientIn("us-west-1").send(new GetBucketLocationCommand({ Bucket: "west-from-east" }));
      assert.equal(location.LocationConstraint, "us-west-1");
      for (const constraint of ["us-west-1", "us-east-2"] as const) {
        await rejectsAsRecorded(
          s3.send(new CreateBucketCommand({ Bucket: "west-from-east", CreateBucketConfiguration: { LocationConstraint: constraint } })),
          { code: "BucketAlreadyOwnedByYou", status: 409, message: "Your previous request to create the named bucket succeeded and you already own it." },
        );
      }
    });

    // test_s3.snapshot.json "test_create_bucket_with_invalid_location_constraint[us-east-1-foo]" and "[us-east-1-us-east-1]"
    it("answers InvalidLocationConstraint from us-east-1 for us-east-1 itself and for unknown values", async () => {
      for (const constraint of ["us-east-1", "foo"]) {
        await rejectsAsRecorded(
          s3.send(new CreateBucketCommand({ Bucket: `bad-constraint-${constraint}`, CreateBucketConfiguration: { LocationConstraint: constraint as never } })),
          { code: "InvalidLocationConstraint", status: 400, message: "The specified location-constraint is not valid" },
        );
      }
    });

    // test_s3.snapshot.json "test_create_bucket_with_invalid_location_constraint[eu-west-1-bar]", "test_different_location_constraint"
    it("answers IllegalLocationConstraintException from other regions for unknown, other or missing constraints", async () => {
      await rejectsAsRecorded(
        clientIn("eu-west-1").send(new CreateBucketCommand({ Bucket: "bad-constraint-bar", CreateBucketConfiguration: { LocationConstraint: "bar" as never } })),
        { code: "IllegalLocationConstraintException", status: 400, message: "The bar location constraint is incompatible for the region specific endpoint this request was sent to." },
      );
      await rejectsAsRecorded(
        clientIn("us-west-1").send(new CreateBucketCommand({ Bucket: "bad-constraint-other", CreateBucketConfiguration: { LocationConstraint: "us-east-2" } })),
        { code: "IllegalLocationConstraintException", status: 400, message: "The us-east-2 location constraint is incompatible for the region specific endpoint this request was sent to." },
      );
      // test_s3.snapshot.json "test_create_bucket_with_eu_location_constraint_raises"
      await rejectsAsRecorded(
        clientIn("us-east-2").send(new CreateBucketCommand({ Bucket: "bad-constraint-eu", CreateBucketConfiguration: { LocationConstraint: "EU" } })),
        { code: "IllegalLocationConstraintException", status: 400, message: "The EU location constraint is incompatible for the region specific endpoint this request was sent to." },
      );
    });

    // test_s3.snapshot.json "test_create_bucket_with_eu_location_constraint"
    it("keeps EU as the constraint GetBucketLocation answers, and lists the bucket in eu-west-1", async () => {
      const eu = clientIn("eu-west-1");
      await eu.send(new CreateBucketCommand({ Bucket: "eu-alias-bucket", CreateBucketConfiguration: { LocationConstraint: "EU" } }));
      assert.equal((await eu.send(new GetBucketLocationCommand({ Bucket: "eu-alias-bucket" }))).LocationConstraint, "EU");
      const listed = await eu.send(new ListBucketsCommand({ Prefix: "eu-alias-bucket" }));
      assert.deepEqual(listed.Buckets?.map((b) => [b.Name, b.BucketRegion]), [["eu-alias-bucket", "eu-west-1"]]);
    });

    // test_s3_api.snapshot.json "test_create_bucket_with_tags_us_east_1_idempotency", "test_create_bucket_with_empty_tags", "test_create_bucket_with_tags_exc"
    it("stores CreateBucket's tags; a us-east-1 re-create with tags is BucketAlreadyOwnedByYou, without tags 200 and the tags kept", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "born-tagged", CreateBucketConfiguration: { Tags: [{ Key: "tag1", Value: "value1" }] } }));
      assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: "born-tagged" }))).TagSet, [{ Key: "tag1", Value: "value1" }]);
      await rejectsAsRecorded(
        s3.send(new CreateBucketCommand({ Bucket: "born-tagged", CreateBucketConfiguration: { Tags: [{ Key: "tag2", Value: "value2" }] } })),
        { code: "BucketAlreadyOwnedByYou", status: 409 },
      );
      for (const again of [{}, { CreateBucketConfiguration: { Tags: [] } }]) {
        const answer = await s3.send(new CreateBucketCommand({ Bucket: "born-tagged", ...again }));
        assert.deepEqual([answer.$metadata.httpStatusCode, answer.Location], [200, "/born-tagged"]);
      }
      assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: "born-tagged" }))).TagSet, [{ Key: "tag1", Value: "value1" }]);
      await s3.send(new CreateBucketCommand({ Bucket: "born-untagged", CreateBucketConfiguration: { Tags: [] } }));
      await rejectsAsRecorded(s3.send(new GetBucketTaggingCommand({ Bucket: "born-untagged" })), { code: "NoSuchTagSet", status: 404 });
      await rejectsAsRecorded(s3.send(new CreateBucketCommand({ Bucket: "born-refused", CreateBucketConfiguration: { Tags: [{ Key: "aws:test", Value: "value1" }] } })), {
        code: "InvalidTag",
        status: 400,
        message: 'User-defined tag keys can\'t start with "aws:". This prefix is reserved for system tags. Remove "aws:" from your tag keys and try again.',
      });
      await rejectsAsRecorded(s3.send(new CreateBucketCommand({ Bucket: "born-refused", CreateBucketConfiguration: { Tags: [{ Key: "test,test2", Value: "value1" }] } })), {
        code: "InvalidTag",
        status: 400,
        message: "The TagKey you have provided is invalid",
      });
    });

    // test_s3.snapshot.json "test_different_location_constraint" "get-bucket-location-non-existent-bucket"
    it("answers NoSuchBucket for the location of a missing bucket", async () => {
      await rejectsAsRecorded(s3.send(new GetBucketLocationCommand({ Bucket: "no-such-located-bucket" })), {
        code: "NoSuchBucket",
        status: 404,
        message: "The specified bucket does not exist",
      });
    });
  });

  describe("HeadBucket and DeleteBucket", () => {
    // test_s3.snapshot.json "test_create_bucket_head_bucket" "head_bucket_filtered_header"
    it("answers the region, ARN and access point alias as headers, and a bare 404 for a missing bucket", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "headed-bucket" }));
      const head = await s3.send(new HeadBucketCommand({ Bucket: "headed-bucket" }));
      assert.equal(head.BucketRegion, "us-east-1");
      assert.equal(head.BucketArn, "arn:aws:s3:::headed-bucket");
      assert.equal(head.AccessPointAlias, false);
      const { headers } = raw.last();
      assert.equal(headers["x-amz-bucket-region"], "us-east-1");
      assert.equal(headers["x-amz-access-point-alias"], "false");
      assert.equal(headers["x-amz-bucket-arn"], "arn:aws:s3:::headed-bucket");
      assert.equal(headers["content-type"], "application/xml");
      // "head_bucket_not_exist": the SDK names a bodiless 404 "NotFound".
      await rejectsAsRecorded(s3.send(new HeadBucketCommand({ Bucket: "never-made-bucket" })), { code: "NotFound", status: 404 });
    });

    // test_s3.snapshot.json "test_delete_bucket_with_content" "success-delete-bucket": 204
    it("deletes an empty bucket with 204", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "short-lived-bucket" }));
      assert.equal((await s3.send(new DeleteBucketCommand({ Bucket: "short-lived-bucket" }))).$metadata.httpStatusCode, 204);
    });
  });

  describe("bucket tagging", () => {
    before(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "tagged-bucket" }));
    });

    // test_s3_api.snapshot.json "test_bucket_tagging_crud"
    it("answers NoSuchTagSet, 204 for puts and deletes, replaces the set, and treats an empty set as removal", async () => {
      await rejectsAsRecorded(s3.send(new GetBucketTaggingCommand({ Bucket: "tagged-bucket" })), {
        code: "NoSuchTagSet",
        status: 404,
        message: "The TagSet does not exist",
      });
      const put = await s3.send(new PutBucketTaggingCommand({ Bucket: "tagged-bucket", Tagging: { TagSet: [{ Key: "team", Value: "ingest" }, { Key: "empty", Value: "" }] } }));
      assert.equal(put.$metadata.httpStatusCode, 204);
      assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: "tagged-bucket" }))).TagSet, [
        { Key: "team", Value: "ingest" },
        { Key: "empty", Value: "" },
      ]);
      await s3.send(new PutBucketTaggingCommand({ Bucket: "tagged-bucket", Tagging: { TagSet: [{ Key: "stage", Value: "dev" }] } }));
      assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: "tagged-bucket" }))).TagSet, [{ Key: "stage", Value: "dev" }]);
      assert.equal((await s3.send(new DeleteBucketTaggingCommand({ Bucket: "tagged-bucket" }))).$metadata.httpStatusCode, 204);
      await s3.send(new DeleteBucketTaggingCommand({ Bucket: "tagged-bucket" }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: "tagged-bucket", Tagging: { TagSet: [{ Key: "stage", Value: "dev" }] } }));
      const emptied = await s3.send(new PutBucketTaggingCommand({ Bucket: "tagged-bucket", Tagging: { TagSet: [] } }));
      assert.equal(emptied.$metadata.httpStatusCode, 204);
      await rejectsAsRecorded(s3.send(new GetBucketTaggingCommand({ Bucket: "tagged-bucket" })), { code: "NoSuchTagSet", status: 404 });
    });

    // test_s3_api.snapshot.json "test_tagging_validation" (bucket half)
    it("refuses duplicate keys, invalid characters and aws: keys with InvalidTag", async () => {
      const cases: [{ Key: string; Value: string }[], string][] = [
        [[{ Key: "Key1", Value: "Val1" }, { Key: "Key1", Value: "Val1" }], "Cannot provide multiple Tags with the same key"],
        [[{ Key: "Key1,Key2", Value: "Val1" }], "The TagKey you have provided is invalid"],
        [[{ Key: "Key1", Value: "Val1,Val2" }], "The TagValue you have provided is invalid"],
        [[{ Key: "aws:prefixed", Value: "Val1" }], "System tags cannot be added/updated by requester"],
      ];
      for (const [TagSet, message] of cases) {
        await rejectsAsRecorded(s3.send(new PutBucketTaggingCommand({ Bucket: "tagged-bucket", Tagging: { TagSet } })), { code: "InvalidTag", status: 400, message });
      }
    });

    // test_s3_api.snapshot.json "test_bucket_tagging_exc"
    it("answers NoSuchBucket for each tagging operation on a missing bucket", async () => {
      for (const command of [
        new GetBucketTaggingCommand({ Bucket: "no-tagged-bucket" }),
        new DeleteBucketTaggingCommand({ Bucket: "no-tagged-bucket" }),
        new PutBucketTaggingCommand({ Bucket: "no-tagged-bucket", Tagging: { TagSet: [] } }),
      ]) {
        await rejectsAsRecorded(s3.send(command as never), { code: "NoSuchBucket", status: 404, message: "The specified bucket does not exist" });
      }
    });
  });

  describe("bucket configuration", () => {
    before(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "configured-bucket" }));
    });

    // test_s3_api.snapshot.json "TestS3PublicAccessBlock::test_crud_public_access_block"
    it("public access block: all-on by default, 200 put, 204 deletes (twice), then NoSuchPublicAccessBlockConfiguration", async () => {
      const initial = await s3.send(new GetPublicAccessBlockCommand({ Bucket: "configured-bucket" }));
      assert.deepEqual(initial.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      const off = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
      const put = await s3.send(new PutPublicAccessBlockCommand({ Bucket: "configured-bucket", PublicAccessBlockConfiguration: off }));
      assert.equal(put.$metadata.httpStatusCode, 200);
      assert.deepEqual((await s3.send(new GetPublicAccessBlockCommand({ Bucket: "configured-bucket" }))).PublicAccessBlockConfiguration, off);
      for (let i = 0; i < 2; i++) {
        assert.equal((await s3.send(new DeletePublicAccessBlockCommand({ Bucket: "configured-bucket" }))).$metadata.httpStatusCode, 204);
      }
      await rejectsAsRecorded(s3.send(new GetPublicAccessBlockCommand({ Bucket: "configured-bucket" })), {
        code: "NoSuchPublicAccessBlockConfiguration",
        status: 404,
        message: "The public access block configuration was not found",
      });
    });

    // test_s3_api.snapshot.json "TestS3BucketEncryption::test_s3_bucket_encryption_sse_kms_aws_managed_key"
    it("encryption: 200 put, the rule read back, and 204 deletes back to the SSE-S3 default", async () => {
      const rule = { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" as const }, BucketKeyEnabled: true };
      const put = await s3.send(new PutBucketEncryptionCommand({ Bucket: "configured-bucket", ServerSideEncryptionConfiguration: { Rules: [rule] } }));
      assert.equal(put.$metadata.httpStatusCode, 200);
      assert.deepEqual((await s3.send(new GetBucketEncryptionCommand({ Bucket: "configured-bucket" }))).ServerSideEncryptionConfiguration?.Rules, [rule]);
      // "delete-bucket-encryption" and "delete-bucket-encryption-idempotent": 204
      for (let i = 0; i < 2; i++) {
        assert.equal((await s3.send(new DeleteBucketEncryptionCommand({ Bucket: "configured-bucket" }))).$metadata.httpStatusCode, 204);
      }
      const restored = await s3.send(new GetBucketEncryptionCommand({ Bucket: "configured-bucket" }));
      assert.equal(restored.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, "AES256");
    });

    // test_s3_api.snapshot.json "TestS3BucketVersioning::test_bucket_versioning_crud"
    it("versioning: no Status before, Suspended and Enabled after 200 puts, NoSuchBucket for a missing bucket", async () => {
      const before = await s3.send(new GetBucketVersioningCommand({ Bucket: "configured-bucket" }));
      assert.equal(before.Status, undefined);
      const put = await s3.send(new PutBucketVersioningCommand({ Bucket: "configured-bucket", VersioningConfiguration: { Status: "Suspended" } }));
      assert.equal(put.$metadata.httpStatusCode, 200);
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: "configured-bucket" }))).Status, "Suspended");
      await rejectsAsRecorded(
        s3.send(new PutBucketVersioningCommand({ Bucket: "configured-bucket", VersioningConfiguration: { Status: "enabled" as never } })),
        { code: "MalformedXML", status: 400 },
      );
      await rejectsAsRecorded(s3.send(new GetBucketVersioningCommand({ Bucket: "no-versioned-bucket" })), { code: "NoSuchBucket", status: 404 });
    });

    // test_s3.snapshot.json "test_get_bucket_policy": NoSuchBucketPolicy, then the document; "put-bucket-policy" and "delete-bucket-policy" 204
    it("policy: NoSuchBucketPolicy, 204 put, the document read back, 204 delete", async () => {
      await rejectsAsRecorded(s3.send(new GetBucketPolicyCommand({ Bucket: "configured-bucket" })), {
        code: "NoSuchBucketPolicy",
        status: 404,
        message: "The bucket policy does not exist",
      });
      const policy = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::configured-bucket/*" }],
      };
      const put = await s3.send(new PutBucketPolicyCommand({ Bucket: "configured-bucket", Policy: JSON.stringify(policy) }));
      assert.equal(put.$metadata.httpStatusCode, 204);
      assert.deepEqual(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: "configured-bucket" }))).Policy!), policy);
      assert.equal((await s3.send(new DeleteBucketPolicyCommand({ Bucket: "configured-bucket" }))).$metadata.httpStatusCode, 204);
    });

    // test_s3_notifications_{sqs,sns,lambda}.snapshot.json "test_invalid_*_arn", "test_multiple_invalid_sqs_arns"
    it("notifications: unparsable ARNs name their element; missing destinations are listed one by one", async () => {
      const events: ["s3:ObjectCreated:*"] = ["s3:ObjectCreated:*"];
      const unparsable: [object, string, string][] = [
        [{ QueueConfigurations: [{ QueueArn: "invalid-queue", Events: events }] }, "Queue", "invalid-queue"],
        [{ TopicConfigurations: [{ TopicArn: "invalid-topic", Events: events }] }, "Topic", "invalid-topic"],
        [{ LambdaFunctionConfigurations: [{ LambdaFunctionArn: "invalid-queue", Events: events }] }, "CloudFunction", "invalid-queue"],
        [{ QueueConfigurations: [{ Id: "id1", QueueArn: "invalid_arn", Events: events }, { Id: "id2", QueueArn: "invalid_arn_2", Events: ["s3:ObjectRemoved:*"] }] }, "Queue", "invalid_arn"],
      ];
      for (const [NotificationConfiguration, element, value] of unparsable) {
        for (const SkipDestinationValidation of [false, true]) {
          const error = await rejectsAsRecorded(
            s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: "configured-bucket", NotificationConfiguration, SkipDestinationValidation })),
            { code: "InvalidArgument", status: 400, message: "The ARN could not be parsed" },
          );
          assert.deepEqual([(error as unknown as Record<string, string>).ArgumentName, (error as unknown as Record<string, string>).ArgumentValue], [element, value]);
        }
      }
      const queues = ["my-queue", "my-queue-2"].map((name) => `arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:${name}`);
      const missing = await rejectsAsRecorded(
        s3.send(
          new PutBucketNotificationConfigurationCommand({
            Bucket: "configured-bucket",
            NotificationConfiguration: { QueueConfigurations: [{ QueueArn: queues[0], Events: events }, { QueueArn: queues[1], Events: ["s3:ObjectRemoved:*"] }] },
          }),
        ),
        { code: "InvalidArgument", status: 400, message: "Unable to validate the following destination configurations" },
      );
      const fields = missing as unknown as Record<string, string>;
      assert.deepEqual(
        [fields.ArgumentName1, fields.ArgumentValue1, fields.ArgumentName2, fields.ArgumentValue2],
        [queues[0], "The destination queue does not exist", queues[1], "The destination queue does not exist"],
      );
      const fn = `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:my-lambda`;
      const denied = await rejectsAsRecorded(
        s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: "configured-bucket", NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: fn, Events: events }] } })),
        { code: "InvalidArgument", status: 400, message: "Unable to validate the following destination configurations" },
      );
      assert.deepEqual(
        [(denied as unknown as Record<string, string>).ArgumentName1, (denied as unknown as Record<string, string>).ArgumentValue1],
        [`${fn}, null`, `Not authorized to invoke function [${fn}]`],
      );
    });

    // test_s3.snapshot.json "test_get_bucket_notification_configuration_no_such_bucket"
    it("notifications: an empty configuration to start, 200 put, NoSuchBucket for a missing bucket", async () => {
      const empty = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "configured-bucket" }));
      assert.equal(empty.TopicConfigurations, undefined);
      const put = await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: "configured-bucket", NotificationConfiguration: {} }));
      assert.equal(put.$metadata.httpStatusCode, 200);
      await rejectsAsRecorded(s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "no-notified-bucket" })), {
        code: "NoSuchBucket",
        status: 404,
        message: "The specified bucket does not exist",
      });
    });
  });

  describe("object tagging", () => {
    before(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "tagged-objects" }));
    });

    // test_s3_api.snapshot.json "test_object_tagging_crud"
    it("reads an empty set, 200 puts that replace, TagCount on reads, 204 delete", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "tagged-objects", Key: "report.csv", Body: "a,b\n" }));
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-objects", Key: "report.csv" }))).TagSet, []);
      const put = await s3.send(new PutObjectTaggingCommand({ Bucket: "tagged-objects", Key: "report.csv", Tagging: { TagSet: [{ Key: "class", Value: "raw" }, { Key: "note", Value: "" }] } }));
      assert.equal(put.$metadata.httpStatusCode, 200);
      assert.equal(put.VersionId, undefined);
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-objects", Key: "report.csv" }))).TagSet, [
        { Key: "class", Value: "raw" },
        { Key: "note", Value: "" },
      ]);
      await s3.send(new PutObjectTaggingCommand({ Bucket: "tagged-objects", Key: "report.csv", Tagging: { TagSet: [{ Key: "class", Value: "clean" }] } }));
      assert.equal((await s3.send(new GetObjectCommand({ Bucket: "tagged-objects", Key: "report.csv" }))).TagCount, 1);
      assert.equal(raw.last().headers["x-amz-tagging-count"], "1");
      const deleted = await s3.send(new DeleteObjectTaggingCommand({ Bucket: "tagged-objects", Key: "report.csv" }));
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-objects", Key: "report.csv" }))).TagSet, []);
      // "get-obj-after-tags-deleted": no TagCount once the set is gone.
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket: "tagged-objects", Key: "report.csv" }))).TagCount, undefined);
    });

    // test_s3_api.snapshot.json "test_put_object_with_tags", "test_head_object_with_tags", "test_object_tags_delete_or_overwrite_object"
    it("stores x-amz-tagging from PutObject (a bare name is an empty value) and forgets it when the object is overwritten", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "tagged-objects", Key: "upload.json", Body: "{}", Tagging: "tag1=tag1&tag2=tag2&tag=" }));
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket: "tagged-objects", Key: "upload.json" }))).TagCount, 3);
      const tags = (await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-objects", Key: "upload.json" }))).TagSet ?? [];
      assert.deepEqual([...tags].sort((a, b) => a.Key!.localeCompare(b.Key!)), [
        { Key: "tag", Value: "" },
        { Key: "tag1", Value: "tag1" },
        { Key: "tag2", Value: "tag2" },
      ]);
      await s3.send(new PutObjectCommand({ Bucket: "tagged-objects", Key: "upload.json", Body: "[]", Tagging: "key1&&&key2" }));
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-objects", Key: "upload.json" }))).TagSet, [
        { Key: "key1", Value: "" },
        { Key: "key2", Value: "" },
      ]);
      await s3.send(new PutObjectCommand({ Bucket: "tagged-objects", Key: "upload.json", Body: "overwritten" }));
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-objects", Key: "upload.json" }))).TagSet, []);
    });

    // test_s3_api.snapshot.json "test_object_tagging_exc"
    it("refuses duplicate or malformed x-amz-tagging with InvalidArgument, and answers NoSuchKey and NoSuchBucket", async () => {
      for (const tagging of ["key1=val1&key1=val2", "key1=val1,key2=val2"]) {
        const error = await rejectsAsRecorded(s3.send(new PutObjectCommand({ Bucket: "tagged-objects", Key: "refused", Body: "", Tagging: tagging })), {
          code: "InvalidArgument",
          status: 400,
          message: "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
        });
        assert.equal((error as unknown as { ArgumentName: string }).ArgumentName, "x-amz-tagging");
      }
      await rejectsAsRecorded(s3.send(new HeadObjectCommand({ Bucket: "tagged-objects", Key: "refused" })), { code: "NotFound", status: 404 });
      for (const command of [
        new GetObjectTaggingCommand({ Bucket: "tagged-objects", Key: "fake-key" }),
        new DeleteObjectTaggingCommand({ Bucket: "tagged-objects", Key: "fake-key" }),
        new PutObjectTaggingCommand({ Bucket: "tagged-objects", Key: "fake-key", Tagging: { TagSet: [] } }),
      ]) {
        await rejectsAsRecorded(s3.send(command as never), { code: "NoSuchKey", status: 404, message: "The specified key does not exist." });
      }
      await rejectsAsRecorded(s3.send(new GetObjectTaggingCommand({ Bucket: "no-such-tag-bucket", Key: "fake-key" })), { code: "NoSuchBucket", status: 404 });
    });

    // test_s3_api.snapshot.json "test_tagging_validation" (object half)
    it("refuses duplicate keys, invalid characters and aws: keys with InvalidTag", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "tagged-objects", Key: "validated", Body: "" }));
      const cases: [{ Key: string; Value: string }[], string][] = [
        [[{ Key: "Key1", Value: "Val1" }, { Key: "Key1", Value: "Val1" }], "Cannot provide multiple Tags with the same key"],
        [[{ Key: "Key1,Key2", Value: "Val1" }], "The TagKey you have provided is invalid"],
        [[{ Key: "aws:prefixed", Value: "Val1" }], "Your TagKey cannot be prefixed with aws:"],
      ];
      for (const [TagSet, message] of cases) {
        await rejectsAsRecorded(s3.send(new PutObjectTaggingCommand({ Bucket: "tagged-objects", Key: "validated", Tagging: { TagSet } })), { code: "InvalidTag", status: 400, message });
      }
      // The header's aws: key is refused as PutObjectTagging refuses it (issue: "refuses the aws: prefix").
      await rejectsAsRecorded(s3.send(new PutObjectCommand({ Bucket: "tagged-objects", Key: "validated", Body: "", Tagging: "aws:owner=me" })), {
        code: "InvalidTag",
        status: 400,
        message: "Your TagKey cannot be prefixed with aws:",
      });
    });

    // test_s3_api.snapshot.json "test_object_tagging_versioned"
    it("tags each version on its own and answers 405 with the method for delete markers", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "tagged-versions" }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: "tagged-versions", VersioningConfiguration: { Status: "Enabled" } }));
      const v1 = (await s3.send(new PutObjectCommand({ Bucket: "tagged-versions", Key: "doc", Body: "one", Tagging: "test_tag=tagv1" }))).VersionId!;
      const v2 = (await s3.send(new PutObjectCommand({ Bucket: "tagged-versions", Key: "doc", Body: "two" }))).VersionId!;
      const put = await s3.send(new PutObjectTaggingCommand({ Bucket: "tagged-versions", Key: "doc", Tagging: { TagSet: [{ Key: "tag3", Value: "tag3" }] } }));
      assert.equal(put.VersionId, v2);
      const current = await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-versions", Key: "doc" }));
      assert.deepEqual([current.TagSet, current.VersionId], [[{ Key: "tag3", Value: "tag3" }], v2]);
      const previous = await s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-versions", Key: "doc", VersionId: v1 }));
      assert.deepEqual([previous.TagSet, previous.VersionId], [[{ Key: "test_tag", Value: "tagv1" }], v1]);
      const marker = (await s3.send(new DeleteObjectCommand({ Bucket: "tagged-versions", Key: "doc" }))).VersionId!;
      const attempts: [string, () => Promise<unknown>][] = [
        ["PUT", () => s3.send(new PutObjectTaggingCommand({ Bucket: "tagged-versions", Key: "doc", VersionId: marker, Tagging: { TagSet: [] } }))],
        ["GET", () => s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-versions", Key: "doc", VersionId: marker }))],
        ["DELETE", () => s3.send(new DeleteObjectTaggingCommand({ Bucket: "tagged-versions", Key: "doc", VersionId: marker }))],
        ["GET", () => s3.send(new GetObjectTaggingCommand({ Bucket: "tagged-versions", Key: "doc" }))],
      ];
      for (const [method, attempt] of attempts) {
        const error = await rejectsAsRecorded(attempt(), {
          code: "MethodNotAllowed",
          status: 405,
          message: "The specified method is not allowed against this resource.",
        });
        assert.equal((error as unknown as { Method: string }).Method, method);
      }
    });
  });

  describe("objects", () => {
    before(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "object-bucket" }));
    });

    // test_s3.snapshot.json "test_head_object_fields"
    it("PutObject, HeadObject and GetObject answer the recorded members; a missing key is a bare 404", async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket: "object-bucket", Key: "fields", Body: "test-123" }));
      assert.equal(put.ETag, '"ca6d00e33edff0e9cb3782d31182de33"');
      assert.equal(put.ServerSideEncryption, "AES256");
      const head = await s3.send(new HeadObjectCommand({ Bucket: "object-bucket", Key: "fields" }));
      assert.deepEqual(
        [head.AcceptRanges, head.ContentLength, head.ETag, head.ServerSideEncryption, head.Metadata],
        ["bytes", 8, '"ca6d00e33edff0e9cb3782d31182de33"', "AES256", {}],
      );
      const got = await s3.send(new GetObjectCommand({ Bucket: "object-bucket", Key: "fields" }));
      assert.equal(await got.Body!.transformToString(), "test-123");
      await rejectsAsRecorded(s3.send(new HeadObjectCommand({ Bucket: "object-bucket", Key: "not-there" })), { code: "NotFound", status: 404 });
    });

    // test_s3.snapshot.json "test_get_object_part" "get-obj-no-multipart", "part-no-multipart"
    it("PartNumber=1 of a plain object is the whole object as 206 with Content-Range; part 2 is InvalidPartNumber", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "object-bucket", Key: "key-no-part", Body: "test-123" }));
      const part = await s3.send(new GetObjectCommand({ Bucket: "object-bucket", Key: "key-no-part", PartNumber: 1, ChecksumMode: "ENABLED" }));
      assert.equal(part.$metadata.httpStatusCode, 206);
      assert.equal(part.ContentRange, "bytes 0-7/8");
      assert.equal(part.ContentLength, 8);
      assert.equal(part.PartsCount, undefined);
      assert.equal(part.ChecksumCRC32, "MAPXAg==");
      assert.equal(await part.Body!.transformToString(), "test-123");
      const head = await s3.send(new HeadObjectCommand({ Bucket: "object-bucket", Key: "key-no-part", PartNumber: 1 }));
      assert.equal(head.$metadata.httpStatusCode, 206);
      assert.equal(head.ContentRange, "bytes 0-7/8");
      const error = await rejectsAsRecorded(s3.send(new GetObjectCommand({ Bucket: "object-bucket", Key: "key-no-part", PartNumber: 2 })), {
        code: "InvalidPartNumber",
        status: 416,
        message: "The requested partnumber is not satisfiable",
      });
      assert.equal((error as unknown as { ActualPartCount: string }).ActualPartCount, "1");
    });

    // test_s3_api.snapshot.json "test_delete_object_versioned"
    it("a delete marker read by version id answers 405 with Allow: DELETE and the marker's headers", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "versioned-objects" }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: "versioned-objects", VersioningConfiguration: { Status: "Enabled" } }));
      await s3.send(new PutObjectCommand({ Bucket: "versioned-objects", Key: "test-delete", Body: "test-delete" }));
      const deleted = await s3.send(new DeleteObjectCommand({ Bucket: "versioned-objects", Key: "test-delete" }));
      assert.deepEqual([deleted.$metadata.httpStatusCode, deleted.DeleteMarker], [204, true]);
      // "get-deleted-object": NoSuchKey carries x-amz-delete-marker
      await rejectsAsRecorded(s3.send(new GetObjectCommand({ Bucket: "versioned-objects", Key: "test-delete" })), { code: "NoSuchKey", status: 404 });
      assert.equal(raw.last().headers["x-amz-delete-marker"], "true");
      assert.equal(raw.last().headers["x-amz-version-id"], deleted.VersionId);
      const error = await rejectsAsRecorded(s3.send(new GetObjectCommand({ Bucket: "versioned-objects", Key: "test-delete", VersionId: deleted.VersionId })), {
        code: "MethodNotAllowed",
        status: 405,
        message: "The specified method is not allowed against this resource.",
      });
      assert.deepEqual([(error as unknown as { Method: string }).Method, (error as unknown as { ResourceType: string }).ResourceType], ["GET", "DeleteMarker"]);
      const { headers } = raw.last();
      assert.deepEqual([headers["allow"], headers["x-amz-delete-marker"], headers["x-amz-version-id"]], ["DELETE", "true", deleted.VersionId]);
      // "list-object-versions": the markers are listed newest first.
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: "versioned-objects", Prefix: "test-delete" }));
      assert.deepEqual(versions.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]), [[deleted.VersionId, true]]);
      assert.equal(versions.Versions?.[0]?.IsLatest, false);
    });

    // test_s3_api.snapshot.json "test_delete_object_versioned" "delete-with-bad-version", "test_delete_objects" "delete-object-wrong-version-id"
    it("a version id S3 never issued: DeleteObject answers InvalidArgument, DeleteObjects a NoSuchVersion entry", async () => {
      const { VersionId } = await s3.send(new PutObjectCommand({ Bucket: "versioned-objects", Key: "bad-version", Body: "x" }));
      const tampered = `${VersionId!.slice(0, -4)}ABCD`;
      const error = await rejectsAsRecorded(s3.send(new DeleteObjectCommand({ Bucket: "versioned-objects", Key: "bad-version", VersionId: tampered })), {
        code: "InvalidArgument",
        status: 400,
        message: "Invalid version id specified",
      });
      assert.deepEqual([(error as unknown as { ArgumentName: string }).ArgumentName, (error as unknown as { ArgumentValue: string }).ArgumentValue], ["versionId", tampered]);
      const result = await s3.send(
        new DeleteObjectsCommand({ Bucket: "object-bucket", Delete: { Objects: [{ Key: "test-delete", VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" }] } }),
      );
      assert.deepEqual(result.Errors, [
        { Code: "NoSuchVersion", Key: "test-delete", Message: "The specified version does not exist.", VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" },
      ]);
      assert.equal(result.Deleted, undefined);
      // Deleting a real version twice is fine: the second answers 204 too.
      for (let i = 0; i < 2; i++) {
        const deleted = await s3.send(new DeleteObjectCommand({ Bucket: "versioned-objects", Key: "bad-version", VersionId }));
        assert.deepEqual([deleted.$metadata.httpStatusCode, deleted.VersionId], [204, VersionId]);
      }
    });

    // test_s3_api.snapshot.json "test_delete_objects": missing keys are reported as Deleted, in key order
    it("DeleteObjects reports missing keys as deleted", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "object-bucket", Key: "test-delete", Body: "x" }));
      const result = await s3.send(
        new DeleteObjectsCommand({ Bucket: "object-bucket", Delete: { Objects: [{ Key: "a-wrong-key" }, { Key: "test-delete" }, { Key: "c-wrong-key" }] } }),
      );
      assert.deepEqual(result.Deleted?.map((d) => d.Key).sort(), ["a-wrong-key", "c-wrong-key", "test-delete"]);
      assert.equal(result.Errors, undefined);
    });

    // test_s3.snapshot.json "test_list_objects_v2_with_prefix", test_s3_list_operations.snapshot.json "test_list_objects_v2_with_prefix_and_delimiter"
    it("ListObjectsV2 and ListObjects answer keys, prefixes, counts and markers as recorded", async () => {
      for (const key of ["test/bar/foo/123", "test/foo/bar/123", "test/foo/bar/456"]) {
        await s3.send(new PutObjectCommand({ Bucket: "object-bucket", Key: key, Body: "hello world" }));
      }
      const v2 = await s3.send(new ListObjectsV2Command({ Bucket: "object-bucket", Prefix: "test/foo" }));
      assert.deepEqual([v2.KeyCount, v2.MaxKeys, v2.IsTruncated, v2.Prefix], [2, 1000, false, "test/foo"]);
      assert.deepEqual(v2.Contents?.map((c) => [c.Key, c.Size, c.ETag, c.StorageClass]), [
        ["test/foo/bar/123", 11, '"5eb63bbbe01eeed093cb22bb8f5acdc3"', "STANDARD"],
        ["test/foo/bar/456", 11, '"5eb63bbbe01eeed093cb22bb8f5acdc3"', "STANDARD"],
      ]);
      const paged = await s3.send(new ListObjectsV2Command({ Bucket: "object-bucket", Prefix: "test/", Delimiter: "/", MaxKeys: 1 }));
      assert.deepEqual([paged.CommonPrefixes, paged.KeyCount, paged.IsTruncated], [[{ Prefix: "test/bar/" }], 1, true]);
      assert.ok(paged.NextContinuationToken);
      const v1 = await s3.send(new ListObjectsCommand({ Bucket: "object-bucket", Prefix: "test/", Delimiter: "/" }));
      assert.deepEqual(v1.CommonPrefixes, [{ Prefix: "test/bar/" }, { Prefix: "test/foo/" }]);
      // test_s3.snapshot.json "test_delete_bucket_with_content" "list-objects": an empty Marker is answered.
      assert.equal(v1.Marker, "");
    });

    // test_s3_api.snapshot.json "test_put_object_with_tags" (CopyObject keeps or replaces the tags: TaggingDirective)
    it("CopyObject copies the source's tags unless TaggingDirective is REPLACE", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "object-bucket", Key: "copy-source", Body: "src", Tagging: "origin=upload" }));
      await s3.send(new CopyObjectCommand({ Bucket: "object-bucket", Key: "copy-kept", CopySource: "object-bucket/copy-source" }));
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: "object-bucket", Key: "copy-kept" }))).TagSet, [{ Key: "origin", Value: "upload" }]);
      await s3.send(
        new CopyObjectCommand({ Bucket: "object-bucket", Key: "copy-replaced", CopySource: "object-bucket/copy-source", TaggingDirective: "REPLACE", Tagging: "origin=copy" }),
      );
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: "object-bucket", Key: "copy-replaced" }))).TagSet, [{ Key: "origin", Value: "copy" }]);
    });
  });

  describe("multipart uploads", () => {
    before(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "multipart-bucket" }));
    });

    async function uploadTwoParts(key: string): Promise<{ uploadId: string; parts: { PartNumber: number; ETag: string }[] }> {
      const uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: "multipart-bucket", Key: key }))).UploadId!;
      const bodies = [Buffer.alloc(5 * MIB, "a"), Buffer.from("test content 123")];
      const parts = [];
      for (const [index, body] of bodies.entries()) {
        const uploaded = await s3.send(new UploadPartCommand({ Bucket: "multipart-bucket", Key: key, UploadId: uploadId, PartNumber: index + 1, Body: body }));
        parts.push({ PartNumber: index + 1, ETag: uploaded.ETag! });
      }
      return { uploadId, parts };
    }

    // test_s3.snapshot.json "test_get_object_part"
    it("reads each part of a multipart object as 206 with Content-Range and x-amz-mp-parts-count", async () => {
      const { uploadId, parts } = await uploadTwoParts("test.file");
      const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: "multipart-bucket", Key: "test.file", UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      assert.match(done.ETag!, /^"[0-9a-f]{32}-2"$/);
      const size = 5 * MIB + 16;
      for (const read of [
        () => s3.send(new HeadObjectCommand({ Bucket: "multipart-bucket", Key: "test.file", PartNumber: 2 })),
        () => s3.send(new GetObjectCommand({ Bucket: "multipart-bucket", Key: "test.file", PartNumber: 2 })),
      ]) {
        const answer = await read();
        assert.equal(answer.$metadata.httpStatusCode, 206);
        assert.deepEqual([answer.ContentRange, answer.ContentLength, answer.PartsCount, answer.ETag], [`bytes ${5 * MIB}-${size - 1}/${size}`, 16, 2, done.ETag]);
        assert.equal(raw.last().headers["x-amz-mp-parts-count"], "2");
      }
      const second = await s3.send(new GetObjectCommand({ Bucket: "multipart-bucket", Key: "test.file", PartNumber: 2 }));
      assert.equal(await second.Body!.transformToString(), "test content 123");
      const first = await s3.send(new HeadObjectCommand({ Bucket: "multipart-bucket", Key: "test.file", PartNumber: 1 }));
      assert.equal(first.ContentRange, `bytes 0-${5 * MIB - 1}/${size}`);
      // "part-doesnt-exist", "part-with-range"
      await rejectsAsRecorded(s3.send(new GetObjectCommand({ Bucket: "multipart-bucket", Key: "test.file", PartNumber: 10 })), {
        code: "InvalidPartNumber",
        status: 416,
      });
      await rejectsAsRecorded(s3.send(new GetObjectCommand({ Bucket: "multipart-bucket", Key: "test.file", PartNumber: 2, Range: "bytes=0-8" })), {
        code: "InvalidRequest",
        status: 400,
        message: "Cannot specify both Range header and partNumber query parameter",
      });
    });

    // CompleteMultipartUpload docs ("applications should be prepared to retry"); the retry must not fail with NoSuchUpload.
    it("answers a repeated CompleteMultipartUpload with the first result while its object is current", async () => {
      const { uploadId, parts } = await uploadTwoParts("retried.bin");
      const request = { Bucket: "multipart-bucket", Key: "retried.bin", UploadId: uploadId, MultipartUpload: { Parts: parts } };
      const first = await s3.send(new CompleteMultipartUploadCommand(request));
      const again = await s3.send(new CompleteMultipartUploadCommand(request));
      assert.equal(again.$metadata.httpStatusCode, 200);
      assert.deepEqual([again.ETag, again.Key, again.Location], [first.ETag, first.Key, first.Location]);
      await s3.send(new PutObjectCommand({ Bucket: "multipart-bucket", Key: "retried.bin", Body: "replaced" }));
      await rejectsAsRecorded(s3.send(new CompleteMultipartUploadCommand(request)), { code: "NoSuchUpload", status: 404 });
    });

    // test_s3.snapshot.json "test_multipart_and_list_parts"; test_s3_list_operations.snapshot.json "test_list_parts_pagination"
    it("lists uploads and parts as recorded, and NoSuchUpload once completed or aborted", async () => {
      const uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: "multipart-bucket", Key: "test-list-parts" }))).UploadId!;
      const empty = await s3.send(new ListPartsCommand({ Bucket: "multipart-bucket", Key: "test-list-parts", UploadId: uploadId }));
      assert.deepEqual(
        [empty.Parts, empty.IsTruncated, empty.MaxParts, empty.StorageClass, empty.PartNumberMarker, empty.NextPartNumberMarker],
        [undefined, false, 1000, "STANDARD", "0", "0"],
      );
      await s3.send(new UploadPartCommand({ Bucket: "multipart-bucket", Key: "test-list-parts", UploadId: uploadId, PartNumber: 1, Body: "upload-part-1" }));
      const listed = await s3.send(new ListPartsCommand({ Bucket: "multipart-bucket", Key: "test-list-parts", UploadId: uploadId }));
      assert.deepEqual(listed.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 13]]);
      assert.equal(listed.NextPartNumberMarker, "1");
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: "multipart-bucket", Prefix: "test-list-parts" }));
      assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId, u.StorageClass]), [["test-list-parts", uploadId, "STANDARD"]]);
      const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket: "multipart-bucket", Key: "test-list-parts", UploadId: uploadId }));
      assert.equal(aborted.$metadata.httpStatusCode, 204);
      await rejectsAsRecorded(s3.send(new ListPartsCommand({ Bucket: "multipart-bucket", Key: "test-list-parts", UploadId: uploadId })), {
        code: "NoSuchUpload",
        status: 404,
        message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      });
    });
  });
});
