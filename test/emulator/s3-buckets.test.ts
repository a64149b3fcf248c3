/**
 * S3 buckets over HTTP with the SDK v3 S3Client: the global namespace and
 * its CreateBucket rules, region handling, bucket configuration APIs, and
 * bucket policies enforced for a role session.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeletePublicAccessBlockCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { adminPrincipal } from "../../src/emulator/policy/principal.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";
import { signedFetch } from "../helpers/signed-fetch.js";

/** The SDK error's name and HTTP status. */
async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name);
    assert.equal(error.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe("S3 buckets", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  before(async () => {
    emulator = await startTestEmulator();
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
  });
  after(async () => {
    await emulator.stop();
  });

  function clientIn(region: string): S3Client {
    return new S3Client(clientConfig(emulator, { forcePathStyle: true, region }));
  }

  describe("CreateBucket", () => {
    it("refuses names that break the naming rules with InvalidBucketName", async () => {
      for (const name of ["ab", "x".repeat(64), "Upper-case", "under_score", "-leading", "trailing-", "dou..ble", "192.168.5.4", "xn--punycode", "sthree-x", "amzn-s3-demo-x", "alias-s3alias", "name--ol-s3"]) {
        await assert.rejects(s3.send(new CreateBucketCommand({ Bucket: name })), { name: "InvalidBucketName" }, name);
      }
      await s3.send(new CreateBucketCommand({ Bucket: "a.valid-name.123" }));
    });

    it("puts a bucket without LocationConstraint in us-east-1 and answers 200 when its owner re-creates it there", async () => {
      const created = await s3.send(new CreateBucketCommand({ Bucket: "home-bucket" }));
      assert.equal(created.Location, "/home-bucket");
      const again = await s3.send(new CreateBucketCommand({ Bucket: "home-bucket" }));
      assert.equal(again.$metadata.httpStatusCode, 200);
      assert.equal((await s3.send(new GetBucketLocationCommand({ Bucket: "home-bucket" }))).LocationConstraint, undefined);
    });

    it("refuses LocationConstraint us-east-1, and constraints that differ from a regional endpoint's region", async () => {
      await assert.rejects(
        s3.send(new CreateBucketCommand({ Bucket: "constraint-east", CreateBucketConfiguration: { LocationConstraint: "us-east-1" as never } })),
        { name: "InvalidLocationConstraint" },
      );
      await assert.rejects(
        clientIn("us-west-1").send(new CreateBucketCommand({ Bucket: "constraint-mismatch", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })),
        { name: "IllegalLocationConstraintException" },
      );
      const raw = await signedFetch(emulator.endpoint, { service: "s3", method: "PUT", path: "/no-constraint-eu", region: "eu-west-1", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
      assert.equal(raw.status, 400);
      assert.match(await raw.text(), /<Code>IllegalLocationConstraintException<\/Code>/);
    });

    it("creates a bucket in the client's region (the SDK adds the constraint) and answers BucketAlreadyOwnedByYou outside us-east-1", async () => {
      const eu = clientIn("eu-west-1");
      await eu.send(new CreateBucketCommand({ Bucket: "europe-bucket" }));
      assert.equal((await eu.send(new GetBucketLocationCommand({ Bucket: "europe-bucket" }))).LocationConstraint, "eu-west-1");
      await rejectsWith(eu.send(new CreateBucketCommand({ Bucket: "europe-bucket" })), "BucketAlreadyOwnedByYou", 409);
    });

    it("answers BucketAlreadyExists when another account owns the name (one global namespace)", async () => {
      emulator.hub.credentials.addPermanent("other-key", "other-secret", adminPrincipal("111111111111"));
      const other = new S3Client(clientConfig(emulator, { forcePathStyle: true, credentials: { accessKeyId: "other-key", secretAccessKey: "other-secret" } }));
      await s3.send(new CreateBucketCommand({ Bucket: "taken-name" }));
      await rejectsWith(other.send(new CreateBucketCommand({ Bucket: "taken-name" })), "BucketAlreadyExists", 409);
      const listed = await other.send(new ListBucketsCommand({}));
      assert.ok(!(listed.Buckets ?? []).some((b) => b.Name === "taken-name"), "ListBuckets shows only the caller's buckets");
    });
  });

  it("HeadBucket answers the region, and a bodiless 404 (NotFound) for a missing bucket", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "head-bucket" }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: "head-bucket" }));
    assert.equal(head.BucketRegion, "us-east-1");
    await rejectsWith(s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket-here" })), "NotFound", 404);
    await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: "no-such-bucket-here" })), { name: "NoSuchBucket" });
  });

  it("ListBuckets lists the caller's buckets by name with region, owner and paging", async () => {
    const listed = await s3.send(new ListBucketsCommand({}));
    const names = (listed.Buckets ?? []).map((b) => b.Name!);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes("home-bucket") && names.includes("europe-bucket"));
    assert.equal(listed.Buckets!.find((b) => b.Name === "europe-bucket")!.BucketRegion, "eu-west-1");
    assert.match(listed.Owner?.ID ?? "", /^[0-9a-f]{64}$/);
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 1 }));
    assert.equal(first.Buckets!.length, 1);
    const second = await s3.send(new ListBucketsCommand({ MaxBuckets: 1, ContinuationToken: first.ContinuationToken }));
    assert.equal(second.Buckets![0]!.Name, names[1]);
  });

  it("sends requests for a bucket of another region a 301 PermanentRedirect naming its region", async () => {
    await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: "europe-bucket" })), (error: Error & { $response?: { headers: Record<string, string> } }) => {
      assert.equal(error.name, "PermanentRedirect");
      assert.equal(error.$response?.headers["x-amz-bucket-region"], "eu-west-1");
      return true;
    });
  });

  describe("DeleteBucket", () => {
    it("deletes an empty bucket (204) and refuses one with objects, delete markers or unfinished uploads", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "doomed-bucket" }));
      await s3.send(new PutObjectCommand({ Bucket: "doomed-bucket", Key: "k", Body: "x" }));
      await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: "doomed-bucket" })), "BucketNotEmpty", 409);
      await s3.send(new DeleteObjectCommand({ Bucket: "doomed-bucket", Key: "k" }));

      await s3.send(new PutBucketVersioningCommand({ Bucket: "doomed-bucket", VersioningConfiguration: { Status: "Enabled" } }));
      const put = await s3.send(new PutObjectCommand({ Bucket: "doomed-bucket", Key: "v", Body: "x" }));
      const marker = await s3.send(new DeleteObjectCommand({ Bucket: "doomed-bucket", Key: "v" }));
      await s3.send(new DeleteObjectCommand({ Bucket: "doomed-bucket", Key: "v", VersionId: put.VersionId }));
      await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: "doomed-bucket" })), { name: "BucketNotEmpty" }, "a lone delete marker keeps the bucket");
      await s3.send(new DeleteObjectCommand({ Bucket: "doomed-bucket", Key: "v", VersionId: marker.VersionId }));

      await s3.send(new CreateMultipartUploadCommand({ Bucket: "doomed-bucket", Key: "upload" }));
      await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: "doomed-bucket" })), { name: "BucketNotEmpty" }, "an unfinished upload keeps the bucket");
    });

    it("deletes an empty bucket with 204 and then it is gone", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "short-lived" }));
      const deleted = await s3.send(new DeleteBucketCommand({ Bucket: "short-lived" }));
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: "short-lived" })), { name: "NoSuchBucket" });
    });
  });

  describe("configuration", () => {
    before(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "config-bucket" }));
    });

    it("tags: NoSuchTagSet until set, replace semantics, validation, delete", async () => {
      await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: "config-bucket" })), "NoSuchTagSet", 404);
      await s3.send(new PutBucketTaggingCommand({ Bucket: "config-bucket", Tagging: { TagSet: [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }] } }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: "config-bucket", Tagging: { TagSet: [{ Key: "c", Value: "3" }] } }));
      assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: "config-bucket" }))).TagSet, [{ Key: "c", Value: "3" }]);
      await assert.rejects(
        s3.send(new PutBucketTaggingCommand({ Bucket: "config-bucket", Tagging: { TagSet: [{ Key: "d", Value: "1" }, { Key: "d", Value: "2" }] } })),
        { name: "InvalidTag" },
      );
      await assert.rejects(s3.send(new PutBucketTaggingCommand({ Bucket: "config-bucket", Tagging: { TagSet: [{ Key: "aws:x", Value: "1" }] } })), { name: "InvalidTag" });
      await s3.send(new DeleteBucketTaggingCommand({ Bucket: "config-bucket" }));
      await assert.rejects(s3.send(new GetBucketTaggingCommand({ Bucket: "config-bucket" })), { name: "NoSuchTagSet" });
    });

    it("public access block: all on for new buckets, replaced by Put, gone after Delete", async () => {
      const initial = await s3.send(new GetPublicAccessBlockCommand({ Bucket: "config-bucket" }));
      assert.deepEqual(initial.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      await s3.send(new PutPublicAccessBlockCommand({ Bucket: "config-bucket", PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
      const replaced = await s3.send(new GetPublicAccessBlockCommand({ Bucket: "config-bucket" }));
      assert.deepEqual(replaced.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
      await s3.send(new DeletePublicAccessBlockCommand({ Bucket: "config-bucket" }));
      await assert.rejects(s3.send(new GetPublicAccessBlockCommand({ Bucket: "config-bucket" })), { name: "NoSuchPublicAccessBlockConfiguration" });
    });

    it("encryption: AES256 by default, SSE-KMS when configured (objects follow), back to AES256 after Delete", async () => {
      const initial = await s3.send(new GetBucketEncryptionCommand({ Bucket: "config-bucket" }));
      assert.equal(initial.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, "AES256");
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: "config-bucket",
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/mine" } }] },
        }),
      );
      const put = await s3.send(new PutObjectCommand({ Bucket: "config-bucket", Key: "kms", Body: "x" }));
      assert.equal(put.ServerSideEncryption, "aws:kms");
      assert.equal(put.SSEKMSKeyId, "alias/mine");
      await assert.rejects(
        s3.send(
          new PutBucketEncryptionCommand({
            Bucket: "config-bucket",
            ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256", KMSMasterKeyID: "alias/mine" } }] },
          }),
        ),
        { name: "InvalidArgument" },
      );
      await s3.send(new DeleteBucketEncryptionCommand({ Bucket: "config-bucket" }));
      const reset = await s3.send(new GetBucketEncryptionCommand({ Bucket: "config-bucket" }));
      assert.equal(reset.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, "AES256");
      assert.equal((await s3.send(new PutObjectCommand({ Bucket: "config-bucket", Key: "plain", Body: "x" }))).ServerSideEncryption, "AES256");
    });

    it("versioning: no Status until set, then Enabled and Suspended", async () => {
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: "config-bucket" }))).Status, undefined);
      await s3.send(new PutBucketVersioningCommand({ Bucket: "config-bucket", VersioningConfiguration: { Status: "Enabled" } }));
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: "config-bucket" }))).Status, "Enabled");
      await s3.send(new PutBucketVersioningCommand({ Bucket: "config-bucket", VersioningConfiguration: { Status: "Suspended" } }));
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: "config-bucket" }))).Status, "Suspended");
    });

    it("policy: NoSuchBucketPolicy until set, MalformedPolicy for bad documents and foreign resources, delete", async () => {
      await assert.rejects(s3.send(new GetBucketPolicyCommand({ Bucket: "config-bucket" })), { name: "NoSuchBucketPolicy" });
      await assert.rejects(s3.send(new PutBucketPolicyCommand({ Bucket: "config-bucket", Policy: "not json" })), { name: "MalformedPolicy" });
      const foreign = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::someone-else/*" }],
      });
      await assert.rejects(s3.send(new PutBucketPolicyCommand({ Bucket: "config-bucket", Policy: foreign })), { name: "MalformedPolicy", message: "Policy has invalid resource" });
      const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::config-bucket/*" }],
      });
      await s3.send(new PutBucketPolicyCommand({ Bucket: "config-bucket", Policy: policy }));
      assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: "config-bucket" }))).Policy, policy);
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: "config-bucket" }));
      await assert.rejects(s3.send(new GetBucketPolicyCommand({ Bucket: "config-bucket" })), { name: "NoSuchBucketPolicy" });
    });
  });

  describe("IAM for a role session", () => {
    let roleS3: S3Client;
    before(async () => {
      const iam = new IAMClient(clientConfig(emulator));
      const role = await iam.send(
        new CreateRoleCommand({
          RoleName: "reader",
          AssumeRolePolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
          }),
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: "reader",
          PolicyName: "read-objects",
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::iam-bucket/*" }],
          }),
        }),
      );
      const session = roleSession(emulator.hub, role.Role!.Arn!, "test-session")!;
      const keys = emulator.hub.credentials.issueSession(session);
      roleS3 = new S3Client(clientConfig(emulator, { forcePathStyle: true, credentials: keys }));
      await s3.send(new CreateBucketCommand({ Bucket: "iam-bucket" }));
    });

    it("allows what the role's policy allows and refuses the rest with AccessDenied", async () => {
      await roleS3.send(new PutObjectCommand({ Bucket: "iam-bucket", Key: "allowed", Body: "x" }));
      await rejectsWith(roleS3.send(new ListObjectsV2Command({ Bucket: "iam-bucket" })), "AccessDenied", 403);
      await assert.rejects(roleS3.send(new DeleteObjectCommand({ Bucket: "iam-bucket", Key: "allowed" })), { name: "AccessDenied" });
    });

    it("hides a missing key behind AccessDenied unless the caller may s3:ListBucket (the bucket policy grants it here)", async () => {
      await rejectsWith(roleS3.send(new GetObjectCommand({ Bucket: "iam-bucket", Key: "missing" })), "AccessDenied", 403);
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: "iam-bucket",
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:role/reader` }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::iam-bucket" },
            ],
          }),
        }),
      );
      await rejectsWith(roleS3.send(new GetObjectCommand({ Bucket: "iam-bucket", Key: "missing" })), "NoSuchKey", 404);
      const listed = await roleS3.send(new ListObjectsV2Command({ Bucket: "iam-bucket" }));
      assert.deepEqual(listed.Contents?.map((c) => c.Key), ["allowed"]);
    });

    it("an explicit Deny in the bucket policy wins over the role's Allow", async () => {
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: "iam-bucket",
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::iam-bucket/locked/*" }],
          }),
        }),
      );
      await assert.rejects(roleS3.send(new PutObjectCommand({ Bucket: "iam-bucket", Key: "locked/x", Body: "x" })), { name: "AccessDenied" });
      await roleS3.send(new PutObjectCommand({ Bucket: "iam-bucket", Key: "open/x", Body: "x" }));
    });
  });
});
