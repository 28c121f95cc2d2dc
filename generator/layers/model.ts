/**
 * A kubernetes-models object built without the copy its constructor makes. The constructor deep-copies its data to
 * drop undefined fields; serialisation (render/serialize.ts, toPlain) drops them once anyway, so the copy was paid
 * twice: building objects this way made a 100-cluster generate 0.93 of the time (paired, README "Speed"). Same class
 * (prototype, validate), apiVersion and kind first, then the fields in the order given, as the constructor sets them.
 * `data` is held, not copied: nothing may change it afterwards (nothing does; render only reads).
 */
// `any` in the constraint only: the data type comes from the class.
type ModelClass = (new (data?: any) => object) & { readonly apiVersion: string; readonly kind: string };

/** `new Kind(data)`, but holding `data` instead of copying it. */
export function model<C extends ModelClass>(Kind: C, data: NonNullable<ConstructorParameters<C>[0]>): InstanceType<C> {
  return Object.assign(Object.create(Kind.prototype as object) as object, { apiVersion: Kind.apiVersion, kind: Kind.kind }, data) as InstanceType<C>;
}
