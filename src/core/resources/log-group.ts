/**
 * A function's log group, created up front with a retention period so that
 * teardown owns it (Lambda would otherwise create a never-expiring group the
 * first time the function logs, and DeleteFunction leaves it behind).
 */
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  type LogGroup,
} from "@aws-sdk/client-cloudwatch-logs";
import { isAwsError } from "../aws-errors.js";
import { absent, present, type Drift, type ResourceEnv, type ResourceModule } from "./resource.js";
import { describeMissingTags, missingTags, type Tags } from "./tags.js";

export interface LogGroupProps {
  name: string;
  /** The group's ARN without the trailing `:*` (what the tagging APIs take). */
  arn: string;
  retentionDays: number;
  tags: Tags;
}

export const logGroup: ResourceModule<LogGroupProps> = {
  describe: (props) => `log group ${props.name}`,

  async read(props, env) {
    const live = await findLogGroup(props.name, env);
    if (!live) return absent;
    const drift: Drift[] = [];
    if (live.retentionInDays !== props.retentionDays) {
      drift.push({
        description: `retention is ${live.retentionInDays ?? "never expire"}, expected ${props.retentionDays} days`,
        changes: [{ field: "retention (days)", current: live.retentionInDays ?? "never expire", planned: props.retentionDays }],
        repair: () => putRetention(props, env),
      });
    }
    const { tags = {} } = await env.clients.logs.send(new ListTagsForResourceCommand({ resourceArn: props.arn }));
    const missing = missingTags(props.tags, tags);
    if (Object.keys(missing).length > 0) {
      drift.push({
        description: describeMissingTags(missing),
        repair: async () => {
          await env.clients.logs.send(new TagResourceCommand({ resourceArn: props.arn, tags: missing }));
        },
      });
    }
    return present(drift, { storedBytes: live.storedBytes ?? 0 });
  },

  async create(props, env) {
    try {
      await env.clients.logs.send(new CreateLogGroupCommand({ logGroupName: props.name, tags: props.tags }));
    } catch (error) {
      // The function may have logged (and so created the group) between our read and this call.
      if (!isAwsError(error, "ResourceAlreadyExistsException")) throw error;
    }
    await putRetention(props, env);
  },

  async remove(props, env) {
    try {
      await env.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: props.name }));
      return "deleted";
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return "absent";
      throw error;
    }
  },
};

async function findLogGroup(name: string, env: ResourceEnv): Promise<LogGroup | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await env.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }));
    const match = page.logGroups?.find((group) => group.logGroupName === name);
    if (match) return match;
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

async function putRetention(props: LogGroupProps, env: ResourceEnv): Promise<void> {
  await env.clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: props.name, retentionInDays: props.retentionDays }));
}
