/** The SNS topic S3 publishes upload events to. */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from "@aws-sdk/client-sns";
import { isAwsError } from "../aws-errors.js";
import { absent, present, type Drift, type ResourceEnv, type ResourceModule } from "./resource.js";
import { describeMissingTags, missingTags, tagsFromList, tagsToList, type Tags } from "./tags.js";

export interface TopicProps {
  name: string;
  arn: string;
  tags: Tags;
}

export const topic: ResourceModule<TopicProps> = {
  describe: (props) => `topic ${props.name}`,

  async read(props, env) {
    const attributes = await topicAttributes(props.arn, env);
    if (!attributes) return absent;
    const drift: Drift[] = [];
    const tags = await env.clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: props.arn }));
    const missing = missingTags(props.tags, tagsFromList(tags.Tags));
    if (Object.keys(missing).length > 0) {
      drift.push({
        description: describeMissingTags(missing),
        repair: async () => {
          await env.clients.sns.send(new TagResourceCommand({ ResourceArn: props.arn, Tags: tagsToList(missing) }));
        },
      });
    }
    return present(drift, { subscriptions: Number(attributes.SubscriptionsConfirmed ?? 0) });
  },

  async create(props, env) {
    // CreateTopic is idempotent only for identical tags and attributes; this runs only when read found none.
    await env.clients.sns.send(new CreateTopicCommand({ Name: props.name, Tags: tagsToList(props.tags) }));
  },

  async remove(props, env) {
    if (!(await topicAttributes(props.arn, env))) return "absent";
    // DeleteTopic also removes the topic's subscriptions.
    await env.clients.sns.send(new DeleteTopicCommand({ TopicArn: props.arn }));
    return "deleted";
  },
};

/** The topic's attributes, or undefined when it does not exist. */
export async function topicAttributes(arn: string, env: ResourceEnv): Promise<Record<string, string> | undefined> {
  try {
    const output = await env.clients.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    return output.Attributes ?? {};
  } catch (error) {
    if (isAwsError(error, "NotFoundException", "NotFound")) return undefined;
    throw error;
  }
}
