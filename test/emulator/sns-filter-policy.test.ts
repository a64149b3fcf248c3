/**
 * Filter policy matching, table-driven against the FilterPolicy rules object
 * (end-to-end filtering through queues is covered by sns-delivery.test.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MessageAttributeValue } from "@aws-sdk/client-sns";
import { FilterPolicy } from "../../src/emulator/services/sns/filter-policy.js";

const string = (StringValue: string): MessageAttributeValue => ({ DataType: "String", StringValue });
const number = (StringValue: string): MessageAttributeValue => ({ DataType: "Number", StringValue });
const array = (values: unknown[]): MessageAttributeValue => ({ DataType: "String.Array", StringValue: JSON.stringify(values) });

describe("filter policies on message attributes", () => {
  const cases: [string, object, Record<string, MessageAttributeValue>, boolean][] = [
    ["exact string", { event: ["created"] }, { event: string("created") }, true],
    ["exact string, other value", { event: ["created"] }, { event: string("deleted") }, false],
    ["any of several strings", { event: ["created", "updated"] }, { event: string("updated") }, true],
    ["missing attribute", { event: ["created"] }, {}, false],
    ["exact number matches a Number attribute numerically", { size: [100] }, { size: number("100.0") }, true],
    ["exact number does not match a String attribute", { size: [100] }, { size: string("100") }, false],
    ["string does not match a Number attribute", { size: ["100"] }, { size: number("100") }, false],
    ["prefix", { key: [{ prefix: "uploads/" }] }, { key: string("uploads/a.json") }, true],
    ["prefix, no match", { key: [{ prefix: "uploads/" }] }, { key: string("tmp/a.json") }, false],
    ["suffix", { key: [{ suffix: ".json" }] }, { key: string("a.json") }, true],
    ["equals-ignore-case", { kind: [{ "equals-ignore-case": "PnG" }] }, { kind: string("png") }, true],
    ["anything-but value", { event: [{ "anything-but": "deleted" }] }, { event: string("created") }, true],
    ["anything-but, excluded value", { event: [{ "anything-but": ["deleted", "purged"] }] }, { event: string("purged") }, false],
    ["anything-but needs the attribute", { event: [{ "anything-but": "deleted" }] }, {}, false],
    ["anything-but prefix", { key: [{ "anything-but": { prefix: "tmp/" } }] }, { key: string("tmp/x") }, false],
    ["numeric range inside", { size: [{ numeric: [">", 0, "<=", 150] }] }, { size: number("150") }, true],
    ["numeric range above", { size: [{ numeric: [">", 0, "<=", 150] }] }, { size: number("150.5") }, false],
    ["numeric equals", { size: [{ numeric: ["=", 3] }] }, { size: number("3") }, true],
    ["numeric on a String attribute", { size: [{ numeric: [">", 0] }] }, { size: string("5") }, false],
    ["exists true", { trace: [{ exists: true }] }, { trace: string("x") }, true],
    ["exists true, absent", { trace: [{ exists: true }] }, {}, false],
    ["exists false, absent", { trace: [{ exists: false }] }, {}, true],
    ["exists false, present", { trace: [{ exists: false }] }, { trace: string("x") }, false],
    ["exists true for a Binary attribute", { blob: [{ exists: true }] }, { blob: { DataType: "Binary", BinaryValue: new Uint8Array([1]) } }, true],
    ["String.Array: any element", { tags: ["red"] }, { tags: array(["blue", "red"]) }, true],
    ["String.Array: no element", { tags: ["red"] }, { tags: array(["blue"]) }, false],
    ["String.Array: numeric element", { tags: [{ numeric: [">=", 10] }] }, { tags: array(["x", 12]) }, true],
    ["all keys must match", { event: ["created"], size: [{ numeric: ["<", 10] }] }, { event: string("created"), size: number("20") }, false],
    ["all keys match", { event: ["created"], size: [{ numeric: ["<", 10] }] }, { event: string("created"), size: number("2") }, true],
    ["$or takes either branch", { $or: [{ event: ["created"] }, { size: [{ numeric: [">", 100] }] }] }, { size: number("500") }, true],
    ["$or with neither branch", { $or: [{ event: ["created"] }, { size: [{ numeric: [">", 100] }] }] }, { size: number("5") }, false],
    ["cidr", { ip: [{ cidr: "10.0.0.0/24" }] }, { ip: string("10.0.0.42") }, true],
    ["cidr outside", { ip: [{ cidr: "10.0.0.0/24" }] }, { ip: string("10.0.1.42") }, false],
    ["empty policy accepts everything", {}, {}, true],
  ];
  for (const [name, policy, attributes, expected] of cases) {
    it(name, () => {
      const filter = FilterPolicy.parse(JSON.stringify(policy), "MessageAttributes", "");
      assert.equal(filter.matchesAttributes(attributes), expected);
    });
  }
});

describe("filter policies on the message body", () => {
  const s3Event = JSON.stringify({
    Records: [
      { eventName: "ObjectCreated:Put", s3: { bucket: { name: "uploads" }, object: { key: "in/a.json", size: 1024 } } },
      { eventName: "ObjectRemoved:Delete", s3: { bucket: { name: "uploads" }, object: { key: "in/b.json" } } },
    ],
  });
  const cases: [string, object, string, boolean][] = [
    ["nested exact match", { Records: { s3: { bucket: { name: ["uploads"] } } } }, s3Event, true],
    ["nested prefix on an array element", { Records: { eventName: [{ prefix: "ObjectCreated:" }] } }, s3Event, true],
    ["nested numeric", { Records: { s3: { object: { size: [{ numeric: [">=", 1000] }] } } } }, s3Event, true],
    ["no element matches", { Records: { eventName: ["ObjectRestore:Post"] } }, s3Event, false],
    ["dotted key equals nested path", { "Records.s3.bucket.name": ["uploads"] }, s3Event, true],
    ["top-level string", { type: ["order"] }, '{"type":"order","total":5}', true],
    ["number literal against a JSON number", { total: [5] }, '{"type":"order","total":5}', true],
    ["string literal against a JSON number", { total: ["5"] }, '{"type":"order","total":5}', false],
    ["null literal", { note: [null] }, '{"note":null}', true],
    ["boolean literal", { paid: [true] }, '{"paid":true}', true],
    ["exists false on an absent path", { customer: { vip: [{ exists: false }] } }, '{"customer":{"id":1}}', true],
    ["message that is not JSON", { type: ["order"] }, "plain text", false],
    ["JSON that is not an object", { type: ["order"] }, '["order"]', false],
  ];
  for (const [name, policy, message, expected] of cases) {
    it(name, () => {
      const filter = FilterPolicy.parse(JSON.stringify(policy), "MessageBody", "");
      assert.equal(filter.matchesBody(message), expected);
    });
  }
});

describe("filter policy validation", () => {
  it("uses Subscribe's error wording when given its reason prefix", () => {
    assert.throws(() => FilterPolicy.parse('{"a":"b"}', "MessageAttributes", "Attributes Reason: "), {
      name: "InvalidParameterException",
      message: 'Invalid parameter: Attributes Reason: FilterPolicy: "a" must be an object or an array',
    });
  });

  it("refuses malformed CIDR blocks and match expressions with two keys", () => {
    assert.throws(() => FilterPolicy.parse('{"ip":[{"cidr":"10.0.0.0"}]}', "MessageAttributes", ""), {
      message: "Invalid parameter: FilterPolicy: Malformed CIDR, one '/' required",
    });
    assert.throws(() => FilterPolicy.parse('{"a":[{"prefix":"x","suffix":"y"}]}', "MessageAttributes", ""), {
      message: "Invalid parameter: FilterPolicy: Only one key allowed in match expression",
    });
  });
});
