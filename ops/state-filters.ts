/** The engine's own resources in plans, progress and state: the stack itself and the providers. */
export const STACK_TYPE = 'pulumi:pulumi:Stack';

export const isProviderType = (type: string): boolean => type.startsWith('pulumi:providers:');

/** A resource the program declares: neither the stack nor a provider. */
export const isManagedType = (type: string): boolean => type !== STACK_TYPE && !isProviderType(type);
