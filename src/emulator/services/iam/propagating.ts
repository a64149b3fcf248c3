/**
 * A value whose changes reach the rest of AWS only after IAM's propagation
 * delay (eventual consistency): readers that act for other services see the
 * newest version whose time has come; IAM's own API keeps showing the latest
 * value, which its owner holds separately.
 */
export interface PropagationSettings {
  now(): number;
  delayMs: number;
}

export class Propagating<T> {
  private versions: { value: T; effectiveAt: number }[] = [];

  constructor(
    private readonly propagation: PropagationSettings,
    initial: T,
    /** Whether the first value is visible at once (an empty policy set) or only after the delay (a new role). */
    initialVisibleAt: "now" | "after-delay",
  ) {
    const now = propagation.now();
    this.versions.push({ value: initial, effectiveAt: initialVisibleAt === "now" ? now : now + propagation.delayMs });
  }

  set(value: T): void {
    this.versions.push({ value, effectiveAt: this.propagation.now() + this.propagation.delayMs });
  }

  /** What other services see now; undefined before the first version has propagated. */
  effective(): T | undefined {
    const now = this.propagation.now();
    let index = -1;
    for (let i = 0; i < this.versions.length; i++) {
      if ((this.versions[i] as { effectiveAt: number }).effectiveAt <= now) index = i;
    }
    if (index < 0) return undefined;
    // Versions older than the effective one can never be seen again.
    if (index > 0) this.versions = this.versions.slice(index);
    return (this.versions[0] as { value: T }).value;
  }

  /** Whether a change is still on its way. */
  get pending(): boolean {
    const now = this.propagation.now();
    return this.versions.some((version) => version.effectiveAt > now);
  }
}
