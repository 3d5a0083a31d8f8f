// Kept apart from the stand-in provider so that loading `cdktf-alicloud-havip/testing` does not load
// the provider's optional peer dependencies (@msgpack/msgpack through the cty codec).

/** The prefix of every string a data source returns for a computed attribute. */
export const PLACEHOLDER_PREFIX = 'offline-placeholder:';
