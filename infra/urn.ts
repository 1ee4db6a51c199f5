/**
 * The name a resource was declared with: the last `::` part of its URN
 * (`urn:pulumi:<stack>::<project>::<type>::<name>`). Lives in infra/ because the platform rules
 * name resources too; the ops CLI imports it from here.
 */
export const resourceNameOf = (urn: string): string => urn.slice(urn.lastIndexOf('::') + 2);

/** A resource as the operator is told about it when nothing more specific fits: its type and name. */
export const typeAndName = (resource: { readonly urn: string; readonly type: string }): string =>
  `${resource.type} ${resourceNameOf(resource.urn)}`;
