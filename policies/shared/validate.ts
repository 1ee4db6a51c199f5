/** How a policy's validate function is wrapped: the resource types it applies to, its config with defaults. */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from '@pulumi/policy';
import { type Props, propsOf } from './props';

/** Runs `validate` on resources of the given types only; the others are reported not applicable. */
export function forTypes(
  types: readonly string[],
  validate: (props: Props, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
  return (args, reportViolation) => {
    if (!types.includes(args.type)) args.notApplicable(`applies only to ${types.join(', ')}`);
    validate(propsOf(args), args, reportViolation);
  };
}

/** The policy's config with its defaults under whatever the policy config file sets. */
export function configOf<T extends object>(args: ResourceValidationArgs | StackValidationArgs, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}
