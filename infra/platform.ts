import type { KubernetesConfig, PlatformConfig, StackConfig } from './config';
import type { StackOutputs } from './stack-outputs';
import type { StackSecrets } from './stack-secrets';

/** The values of `datahub:platform`. */
export type PlatformName = StackConfig['platform'];

/** One step of a previewed plan, as the engine reports it (the ops CLI's PlanStep has this shape). */
export interface ResourceStep {
  readonly op: string;
  readonly urn: string;
  readonly type: string;
  /** Property names that differ, when known. */
  readonly diffs?: readonly string[];
}

/** Ops that delete a resource's current instance: a replace, a delete, and the halves of a replace. */
const DESTRUCTIVE_OPS: ReadonlySet<string> = new Set(['replace', 'delete', 'delete-replaced', 'create-replacement']);

export const isDestructive = (step: Pick<ResourceStep, 'op'>): boolean => DESTRUCTIVE_OPS.has(step.op);

/** One resource of a stack's exported state, as the destroy flow sees it. */
export interface StateEntry {
  readonly urn: string;
  readonly type: string;
  readonly retainOnDelete: boolean;
  /** The resource's `name` output (the Docker volume name for volumes), when it has one. */
  readonly name?: string;
  /** A provider's inputs (for `pulumi:providers:*`): where the Docker host is. */
  readonly inputs?: Readonly<Record<string, unknown>>;
}

/** What the recovery steps' inspect command needs of a stack's config. */
export interface InspectTarget {
  readonly stack: string;
  /** The parsed `datahub:kubernetes`; undefined when the stack has none (or its config does not parse). */
  readonly kubernetes?: Pick<KubernetesConfig, 'namespace' | 'context'> | undefined;
}

/**
 * What the ops CLI asks a platform about plans and state. Pure, and free of provider SDKs at
 * run time, so the CLI can import it without loading a Pulumi program.
 */
export interface PlatformRules {
  readonly name: PlatformName;
  /** Whether a resource type is this platform's (its provider's package): how a state tells its platform. */
  ownsType(type: string): boolean;
  /**
   * Why a destructive step loses data ("replace of data volume x"), or undefined when it does not,
   * as for any step of another platform's resources.
   */
  dataLossOf(step: ResourceStep): string | undefined;
  /** Whether a state resource holds the stack's data (deleting it deletes data). */
  holdsData(resource: Pick<StateEntry, 'type'>): boolean;
  /** How the destroy flow names a resource to the operator. */
  describe(resource: Pick<StateEntry, 'urn' | 'type' | 'name'>): string;
  /**
   * What a destroy `--including-data` must still remove itself, because Pulumi retains it on delete:
   * `remove` names what the CLI deletes (Docker volumes) on `host` (the provider's, from its inputs
   * in state; undefined for the local default), `manual` what the operator is told to delete, and
   * `deleteManually` how.
   */
  retainedData(resources: readonly StateEntry[]): RetainedData;
  /** The operator's command when automation could not recover: what is running, with this platform's tool. */
  inspectCommand(target: InspectTarget): string;
}

export interface RetainedData {
  readonly remove: string[];
  readonly host: string | undefined;
  readonly manual: StateEntry[];
  readonly deleteManually: string;
}

/** A platform: its own config keys and checks, how it deploys the stack, and its rules for the ops CLI. */
export interface Platform extends PlatformRules {
  /**
   * The `datahub:*` keys only this platform reads (set on another platform's stack, they are an
   * error) and the checks only it makes; parseStackConfig applies them (PLATFORM_CONFIG).
   */
  readonly config: PlatformConfig;
  /** Declares every resource of the stack from its specs. */
  deploy(config: StackConfig, secrets: StackSecrets): StackOutputs;
}
