/**
 * Every XML answer the emulator sends is written by the SDK's own
 * XmlShapeSerializer from a schema: the service's output shapes as the SDK
 * clients export them, and the envelopes AWS wraps around them (query
 * responses, query and S3 errors), declared with helpers below in the same
 * static-schema form.
 */
import { XmlShapeSerializer } from "@aws-sdk/core/protocols";

/** A schema as the serializer takes it: an SDK static schema, or a reference to one. */
export type XmlSchema = Parameters<XmlShapeSerializer["write"]>[0];

/** The namespace the envelope schemas are declared in; it never reaches the wire. */
const ENVELOPE_NAMESPACE = "eda.emulator";

/** One serializer per root namespace: it keeps nothing between a write and its flush. */
const serializers = new Map<string, XmlShapeSerializer>();

function serializerFor(xmlNamespace: string): XmlShapeSerializer {
  let serializer = serializers.get(xmlNamespace);
  if (!serializer) {
    // Timestamps in XML bodies are ISO-8601 unless a member says otherwise (restXml and awsQuery alike).
    serializer = new XmlShapeSerializer({ xmlNamespace, serviceNamespace: "", timestampFormat: { useTrait: true, default: 5 }, httpBindings: false });
    serializers.set(xmlNamespace, serializer);
  }
  return serializer;
}

/**
 * `value` as an XML document: `declaration`, then the root, `schema`'s
 * element (its xmlName, else its shape name), with `xmlns` unless
 * `xmlNamespace` is "".
 */
export function writeXmlDocument(declaration: string, schema: XmlSchema, value: unknown, xmlNamespace = ""): string {
  const serializer = serializerFor(xmlNamespace);
  serializer.write(schema, value);
  return declaration + (serializer.flush() as string);
}

/** A structure of string members, declared as the SDK declares its shapes. */
export function stringStructure(name: string, members: readonly string[]): XmlSchema {
  return structure(name, members.map((member) => [member, 0]));
}

/** A structure whose members are `[name, schema]` pairs (0 is a string). */
export function structure(name: string, members: readonly (readonly [string, unknown])[]): XmlSchema {
  return [3, ENVELOPE_NAMESPACE, name, 0, members.map(([member]) => member), members.map(([, schema]) => schema)] as unknown as XmlSchema;
}
