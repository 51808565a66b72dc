/**
 * A DM8 (达梦) database offering as an ISV would publish it in its own npm package, built on the public
 * `MiddlewareOffering` base class: used by test/middleware/isv-offering.test.ts and the hostile-configuration entry
 * points (test/core/adversarial-entry-points.ts).
 */
import type { IConstruct } from 'constructs';
import type * as lib from '../../lib';

interface DamengProps extends lib.MiddlewareOfferingOptions {
  readonly instances?: number;
}

/** The class an ISV package exports (named by its instance type: the protected members stay the base class's). */
export type DamengOfferingClass = new (props?: DamengProps) => lib.MiddlewareOffering & { readonly instances: number };

/** The ISV's package: a class on whichever copy of the library it was built against. */
export function defineDameng(base: typeof lib.MiddlewareOffering): DamengOfferingClass {
  return class DamengOffering extends base {
    public readonly kind = 'dameng';
    public readonly instances: number;
    constructor(props: DamengProps = {}) {
      super(props, 'dameng');
      // Read through the props boundary (a JavaScript caller's null props, Symbol or BigInt: the hostile-configuration
      // suites pass them), as docs/middleware.md advises an ISV.
      this.instances = (this.givenOptions as DamengProps).instances ?? 2;
    }
    protected get port(): number {
      return 5236;
    }
    protected get serviceName(): string {
      return `${this.name}-primary`;
    }
    protected get clientPods(): lib.PodLabels {
      return { 'app.kubernetes.io/instance': this.name, 'dameng.com/role': 'primary' };
    }
    protected get operatorPorts(): number[] {
      return [9100];
    }
    protected get grantOptionNames(): string[] {
      return ['user'];
    }
    protected operatorRelease(): lib.OperatorRelease {
      return { name: 'dm-operator', chart: 'dm-operator', version: '8.1.3', repository: this.chartRepository, values: { image: { registry: this.imageRegistry } } };
    }
    protected clusterAmounts() {
      return { cpu: 4 * this.instances, memoryGi: 16 * this.instances, storageGi: 200 * this.instances, pods: this.instances };
    }
    protected sizing(): Record<string, unknown> {
      return { instances: this.instances };
    }
    protected instanceObjects(): lib.OfferingObject[] {
      return [{ ...this.customResource('dameng.com/v1', 'DMCluster', this.name, { instances: this.instances, image: `${this.imageRegistry}/dameng/dm8:8.1.3` }), holdsData: true }];
    }
    protected grantDetails(grant: lib.IMiddlewareGrant): Record<string, string | number> {
      // DM8 folds unquoted user names to upper case.
      return {
        user: String(grant.options.user ?? grant.tenant.code)
          .toUpperCase()
          .replace(/-/g, '_'),
      };
    }
    protected connectionSecret(_g: lib.IMiddlewareGrant, d: Record<string, string | number>, passwordRef: string): Record<string, string> {
      return { host: this.connection().host, port: String(this.port), username: String(d.user), password: this.expression(passwordRef) };
    }
    protected grantObjects(grant: lib.IMiddlewareGrant, d: Record<string, string | number>): lib.OfferingObject[] {
      const name = `${grant.tenant.code}--${this.name}`;
      return [
        { part: 'password', ...this.writeOnlySecret(name, { password: this.expression(this.hubPasswordRef(grant.tenant.code)) }, { revision: this.credentialsRevision(grant) }) },
        { part: 'user', ...this.customResource('dameng.com/v1', 'DMUser', name, { cluster: this.name, user: d.user, passwordSecret: name }), dependsOnParts: ['password'] },
      ];
    }
    protected checkProps(r: lib.ProblemReporter, at: IConstruct): void {
      this.checkAmounts(r, at, [{ field: 'instances', value: this.instances, integer: true, min: 1 }]);
    }
  };
}
