/**
 * A service's state of one kind (SQS's region stores, IAM's accounts, S3's
 * bucket namespace), held per emulator: each running hub gets its own values,
 * dropped with the hub. The value's type is fixed where the state is declared,
 * so reading it needs no cast.
 */
export class ServiceState<T> {
  private readonly byHub = new WeakMap<object, Map<string, T>>();

  /** `name` says what the state is, for whoever reads a heap snapshot. */
  constructor(readonly name: string) {}

  /** The value for one account and region (queues, topics, functions, log groups). */
  forRegion(hub: object, accountId: string, region: string, create: () => T): T {
    return this.get(hub, `${accountId}/${region}`, create);
  }

  /** The value for one account, across regions (IAM roles). */
  forAccount(hub: object, accountId: string, create: () => T): T {
    return this.get(hub, accountId, create);
  }

  /** The one value every account shares (S3's global bucket namespace). */
  global(hub: object, create: () => T): T {
    return this.get(hub, "", create);
  }

  private get(hub: object, scope: string, create: () => T): T {
    let values = this.byHub.get(hub);
    if (!values) {
      values = new Map();
      this.byHub.set(hub, values);
    }
    let value = values.get(scope);
    if (value === undefined) {
      value = create();
      values.set(scope, value);
    }
    return value;
  }
}
