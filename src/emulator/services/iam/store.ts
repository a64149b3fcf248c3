/**
 * IAM state of one account: roles with their inline and attached policies,
 * and customer managed policies. Changes that other services act on (trust
 * policies, permissions) propagate with IAM's eventual-consistency delay.
 */
import { ServiceState } from "../service-state.js";
import type { Random } from "../../clock.js";
import { AwsError } from "../../errors.js";
import type { PolicyDocument } from "../../policy/policy-document.js";
import type { ServiceHub } from "../service.js";
import { awsManagedPolicy } from "./managed-policies.js";
import { noSuchPolicy, noSuchRole } from "./errors.js";
import { ManagedPolicy, type StoredPolicy, type Tag } from "./managed-policy.js";
import { Propagating, type PropagationSettings } from "./propagating.js";

/** What authorisation uses for a role: its identity policies and, if set, its permissions boundary. */
export interface RolePermissions {
  identity: PolicyDocument[];
  boundary: PolicyDocument | undefined;
}

export class Role {
  description: string | undefined;
  maxSessionDuration: number;
  readonly tags: Tag[] = [];
  readonly inlinePolicies = new Map<string, StoredPolicy>();
  /** Attached managed policies by ARN, in attachment order. */
  readonly attachedPolicies = new Map<string, ManagedPolicy>();
  /** The managed policy that caps the role's permissions (IAM "Permissions boundaries for IAM entities"). */
  private boundary: ManagedPolicy | undefined;
  private trust: StoredPolicy;
  private readonly propagatedTrust: Propagating<PolicyDocument>;
  private readonly propagatedPermissions: Propagating<RolePermissions>;

  constructor(
    propagation: PropagationSettings,
    readonly accountId: string,
    readonly roleName: string,
    readonly roleId: string,
    readonly path: string,
    trust: StoredPolicy,
    readonly createDate: Date,
    options: { description?: string; maxSessionDuration?: number },
  ) {
    this.trust = trust;
    this.description = options.description;
    this.maxSessionDuration = options.maxSessionDuration ?? 3600;
    // A new role is invisible to STS and Lambda until it has propagated.
    this.propagatedTrust = new Propagating(propagation, trust.document, "after-delay");
    this.propagatedPermissions = new Propagating<RolePermissions>(propagation, { identity: [], boundary: undefined }, "now");
  }

  get arn(): string {
    return `arn:aws:iam::${this.accountId}:role${this.path}${this.roleName}`;
  }

  get trustPolicy(): StoredPolicy {
    return this.trust;
  }

  /** The trust policy other services evaluate now (undefined while a new role propagates). */
  get effectiveTrustPolicy(): PolicyDocument | undefined {
    return this.propagatedTrust.effective();
  }

  get trustPolicyPropagating(): boolean {
    return this.propagatedTrust.pending;
  }

  updateTrustPolicy(trust: StoredPolicy): void {
    this.trust = trust;
    this.propagatedTrust.set(trust.document);
  }

  /** The policies authorisation uses now: the previous ones until a change propagates. */
  get effectivePermissions(): RolePermissions {
    return this.propagatedPermissions.effective() ?? { identity: [], boundary: undefined };
  }

  get permissionsBoundary(): ManagedPolicy | undefined {
    return this.boundary;
  }

  /** Sets or (undefined) removes the boundary; like other permission changes it propagates. */
  setPermissionsBoundary(policy: ManagedPolicy | undefined): void {
    this.boundary = policy;
    this.permissionsChanged();
  }

  putInlinePolicy(name: string, policy: StoredPolicy): void {
    this.inlinePolicies.set(name, policy);
    this.permissionsChanged();
  }

  deleteInlinePolicy(name: string): void {
    if (!this.inlinePolicies.delete(name)) {
      throw new AwsError("NoSuchEntityException", `The role policy with name ${name} cannot be found.`);
    }
    this.permissionsChanged();
  }

  /** Idempotent, as AttachRolePolicy is on AWS. */
  attach(policy: ManagedPolicy): void {
    if (this.attachedPolicies.has(policy.arn)) return;
    this.attachedPolicies.set(policy.arn, policy);
    this.permissionsChanged();
  }

  detach(policyArn: string): void {
    if (!this.attachedPolicies.has(policyArn)) throw new AwsError("NoSuchEntityException", `Policy ${policyArn} was not found.`);
    this.attachedPolicies.delete(policyArn);
    this.permissionsChanged();
  }

  /** IAM tag keys are case-insensitive: a tag replaces any tag whose key differs only in case. */
  tag(tags: Tag[]): void {
    for (const tag of tags) {
      const index = this.tags.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
      if (index >= 0) this.tags[index] = { Key: tag.Key, Value: tag.Value };
      else this.tags.push({ Key: tag.Key, Value: tag.Value });
    }
  }

  untag(keys: string[]): void {
    for (const key of keys) {
      const index = this.tags.findIndex((t) => t.Key.toLowerCase() === key.toLowerCase());
      if (index >= 0) this.tags.splice(index, 1);
    }
  }

  private permissionsChanged(): void {
    this.propagatedPermissions.set({
      identity: [
        ...[...this.inlinePolicies.values()].map((p) => p.document),
        ...[...this.attachedPolicies.values()].map((p) => p.policy.document),
      ],
      boundary: this.boundary?.policy.document,
    });
  }
}

export class IamAccount {
  /** Keyed by lower-cased name: IAM names are unique regardless of case. */
  private readonly roles = new Map<string, Role>();
  private readonly customerPolicies = new Map<string, ManagedPolicy>();

  constructor(
    readonly accountId: string,
    private readonly propagation: PropagationSettings,
    private readonly random: Random,
  ) {}

  findRole(roleName: string): Role | undefined {
    return this.roles.get(roleName.toLowerCase());
  }

  role(roleName: string): Role {
    const role = this.findRole(roleName);
    if (!role) throw noSuchRole(roleName);
    return role;
  }

  /** Every role, ordered by name as ListRoles returns them. */
  listRoles(): Role[] {
    return [...this.roles.values()].sort((a, b) => compareNames(a.roleName, b.roleName));
  }

  createRole(
    roleName: string,
    path: string,
    trust: StoredPolicy,
    options: { description?: string; maxSessionDuration?: number; tags?: Tag[] },
  ): Role {
    if (this.findRole(roleName)) {
      throw new AwsError("EntityAlreadyExistsException", `Role with name ${roleName} already exists.`);
    }
    const role = new Role(
      this.propagation,
      this.accountId,
      roleName,
      `AROA${this.uniqueIdSuffix()}`,
      path,
      trust,
      new Date(this.propagation.now()),
      options,
    );
    role.tag(options.tags ?? []);
    this.roles.set(roleName.toLowerCase(), role);
    return role;
  }

  /** DeleteRole refuses while policies remain, so nothing is left dangling. */
  deleteRole(roleName: string): Role {
    const role = this.role(roleName);
    if (role.inlinePolicies.size > 0) {
      throw new AwsError("DeleteConflictException", "Cannot delete entity, must delete policies first.");
    }
    if (role.attachedPolicies.size > 0) {
      throw new AwsError("DeleteConflictException", "Cannot delete entity, must detach all policies first.");
    }
    this.roles.delete(roleName.toLowerCase());
    return role;
  }

  /** An AWS managed policy or one of this account's customer managed policies. */
  managedPolicy(policyArn: string): ManagedPolicy {
    const policy = awsManagedPolicy(policyArn) ?? this.customerPolicies.get(policyArn);
    if (!policy) throw noSuchPolicy(policyArn);
    return policy;
  }

  createPolicy(
    policyName: string,
    path: string,
    policy: StoredPolicy,
    options: { description?: string; tags?: Tag[] },
  ): ManagedPolicy {
    const arn = `arn:aws:iam::${this.accountId}:policy${path}${policyName}`;
    const sameName = [...this.customerPolicies.values()].find((p) => p.name.toLowerCase() === policyName.toLowerCase());
    if (sameName) {
      throw new AwsError("EntityAlreadyExistsException", `A policy called ${policyName} already exists. Duplicate names are not allowed.`);
    }
    const now = new Date(this.propagation.now());
    const created = new ManagedPolicy(
      arn,
      policyName,
      path,
      `ANPA${this.uniqueIdSuffix()}`,
      policy,
      now,
      now,
      options.description,
      [...(options.tags ?? [])],
    );
    this.customerPolicies.set(arn, created);
    return created;
  }

  deletePolicy(policyArn: string): void {
    const policy = this.customerPolicies.get(policyArn);
    if (!policy) {
      if (awsManagedPolicy(policyArn)) {
        throw new AwsError("UnmodifiableEntityException", `Cannot delete policy ${policyArn}: AWS managed policies cannot be deleted.`);
      }
      // DeletePolicy words it differently from attaching (localstack test_iam.snapshot.json
      // "test_delete_non_existent_policy_returns_no_such_entity").
      throw new AwsError("NoSuchEntityException", `Policy ${policyArn} was not found.`);
    }
    if (this.attachmentCount(policyArn) > 0) {
      throw new AwsError("DeleteConflictException", "Cannot delete a policy attached to entities.");
    }
    this.customerPolicies.delete(policyArn);
  }

  /** How many of this account's roles have the policy attached. */
  attachmentCount(policyArn: string): number {
    return [...this.roles.values()].filter((role) => role.attachedPolicies.has(policyArn)).length;
  }

  /** How many of this account's roles have the policy as their permissions boundary. */
  boundaryUsageCount(policyArn: string): number {
    return [...this.roles.values()].filter((role) => role.permissionsBoundary?.arn === policyArn).length;
  }

  /**
   * The managed policy a PermissionsBoundary names. IAM answers a missing one
   * with "Scope ARN: ... does not exist or is not attachable." (the wording
   * CreateRole and PutRolePermissionsBoundary callers see on AWS).
   */
  boundaryPolicy(policyArn: string): ManagedPolicy {
    const policy = awsManagedPolicy(policyArn) ?? this.customerPolicies.get(policyArn);
    if (!policy) throw new AwsError("NoSuchEntityException", `Scope ARN: ${policyArn} does not exist or is not attachable.`);
    return policy;
  }

  /** IAM unique ids: a type prefix and 17 upper-case alphanumerics. */
  private uniqueIdSuffix(): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let suffix = "";
    for (let i = 0; i < 17; i++) suffix += alphabet[Math.floor(this.random.next() * alphabet.length)];
    return suffix;
  }
}

/** IAM lists entities in case-insensitive name order. */
export function compareNames(a: string, b: string): number {
  const lower = a.toLowerCase().localeCompare(b.toLowerCase(), "en");
  return lower !== 0 ? lower : a < b ? -1 : a > b ? 1 : 0;
}

const accounts = new ServiceState<IamAccount>("IAM roles and policies");

export function iamAccount(hub: ServiceHub, accountId: string): IamAccount {
  return accounts.forAccount(
    hub,
    accountId,
    () =>
      new IamAccount(
        accountId,
        { now: () => hub.clock.now(), delayMs: hub.settings.delays.iamPropagationMs },
        hub.random,
      ),
  );
}
