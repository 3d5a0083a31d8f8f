// The dependency graph Terraform builds from a synthesized document: an edge from a resource to
// every resource it names in `depends_on`, in `lifecycle.replace_triggered_by`, or in a `${...}`
// reference anywhere in its body. Read from the JSON only, never from the constructs.
import type { SynthDoc } from './synth';

/** A resource address, e.g. `alicloud_instance.web_member-1_instance_1234`. */
export type Address = string;

export class DependencyGraph {
  /** Direct dependencies of every resource in the document. */
  readonly edges = new Map<Address, Set<Address>>();

  constructor(doc: SynthDoc) {
    const known = new Set<Address>();
    for (const [type, resources] of Object.entries(doc.resource)) {
      for (const key of Object.keys(resources)) known.add(`${type}.${key}`);
    }
    for (const [type, resources] of Object.entries(doc.resource)) {
      for (const [key, body] of Object.entries(resources)) {
        const deps = new Set<Address>();
        const text = JSON.stringify(body);
        // Bare addresses (depends_on, replace_triggered_by) and references inside ${...}.
        for (const match of text.matchAll(/([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g)) {
          const address = `${match[1]}.${match[2]}`;
          if (known.has(address) && address !== `${type}.${key}`) deps.add(address);
        }
        this.edges.set(`${type}.${key}`, deps);
      }
    }
  }

  /** Whether `from` waits for `to`, directly or through others. */
  dependsOn(from: Address, to: Address): boolean {
    const seen = new Set<Address>();
    const stack = [from];
    while (stack.length > 0) {
      const next = stack.pop()!;
      for (const dep of this.edges.get(next) ?? []) {
        if (dep === to) return true;
        if (!seen.has(dep)) {
          seen.add(dep);
          stack.push(dep);
        }
      }
    }
    return false;
  }

  /** Every address of one type whose key contains `part` (e.g. `_member-2_`). */
  find(type: string, ...parts: string[]): Address[] {
    return [...this.edges.keys()].filter((a) => a.startsWith(`${type}.`) && parts.every((p) => a.includes(p)));
  }

  /** The one address of this type whose key contains every part. */
  one(type: string, ...parts: string[]): Address {
    const found = this.find(type, ...parts);
    if (found.length !== 1) throw new Error(`expected one ${type} with ${parts.join(', ')}, found ${found.length}: ${found.join(', ')}`);
    return found[0];
  }

  /** Whether the graph has a cycle (Terraform refuses one). */
  hasCycle(): boolean {
    return [...this.edges.keys()].some((a) => this.dependsOn(a, a));
  }
}
