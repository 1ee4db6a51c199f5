/**
 * What the pack takes from @pulumi/policy beyond its typed API: the unknown-value checking its
 * host applies to props, and the SDK types the tests build policy args with.
 */
import * as policySdk from '@pulumi/policy';

/**
 * @pulumi/policy's unknown-value checking: the host wraps props in `unknownCheckingProxy`, which
 * throws `UnknownValueError` on reading a value unknown during preview. Its index exports both
 * at runtime, but they are marked @internal, so its .d.ts leaves them out: typed here.
 */
interface UnknownChecking {
  readonly UnknownValueError: new (unknownTypeSentinel: string, props: readonly PropertyKey[]) => Error;
  readonly unknownCheckingProxy: <T extends object>(toProxy: T) => T;
}
const unknownChecking = policySdk as unknown as Partial<UnknownChecking>;
if (
  typeof unknownChecking.UnknownValueError !== 'function' ||
  typeof unknownChecking.unknownCheckingProxy !== 'function'
) {
  throw new Error(
    '@pulumi/policy no longer exports UnknownValueError and unknownCheckingProxy: pin @pulumi/policy 1.21.0',
  );
}
export const UnknownValueError = unknownChecking.UnknownValueError;
export const unknownCheckingProxy = unknownChecking.unknownCheckingProxy;

/** The SDK types the tests build policy args with (tests/support/policy-args.ts). */
export type {
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from '@pulumi/policy';
