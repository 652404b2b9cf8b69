import { createRequire } from 'node:module';
import type { DocumentNode } from 'graphql';
import { requirementsOf, separateConflictingRequirements, type Requirements } from './requirementConflicts.js';
import { checkPlanned, type SelectionSet } from './unplannableOperations.js';

const require = createRequire(import.meta.url);

type Plan = { readonly node?: unknown };
interface Planner {
  readonly supergraph?: { readonly schema?: { toAST(): DocumentNode } };
  buildQueryPlan(operation: { readonly selectionSet: SelectionSet }, ...rest: unknown[]): Plan;
}

let installed: boolean | undefined;

/**
 * The one seam into @apollo/query-planner's plans: `QueryPlanner.prototype.buildQueryPlan`, which
 * @apollo/gateway calls on a plan-cache miss. Every plan is checked ({@link checkPlanned}) and
 * rewritten for conflicting `@requires` arguments ({@link separateConflictingRequirements}, with
 * the requirements of the planner's own supergraph, read once per planner) before it is cached.
 * Idempotent; false when the seam is not there (another version).
 */
export function installPlanFixes(): boolean {
  if (installed !== undefined) return installed;
  const { QueryPlanner } = require('@apollo/query-planner') as { QueryPlanner?: { prototype: Planner } };
  const build = QueryPlanner?.prototype.buildQueryPlan;
  if (!QueryPlanner || typeof build !== 'function') return (installed = false);
  const ofPlanner = new WeakMap<Planner, Requirements>();
  QueryPlanner.prototype.buildQueryPlan = function buildQueryPlan(this: Planner, operation, ...rest) {
    const plan = build.call(this, operation, ...rest);
    checkPlanned(operation, plan);
    let requirements = ofPlanner.get(this);
    if (!requirements) {
      const ast = this.supergraph?.schema?.toAST();
      ofPlanner.set(this, (requirements = ast ? requirementsOf(ast) : new Map()));
    }
    return separateConflictingRequirements(plan, requirements);
  };
  return (installed = true);
}
