export { addressRefusal } from './address-ranges';
export {
  AllowListError,
  matchAllowList,
  parseAllowList,
  type AllowList,
  type AllowListEntry,
} from './allow-list';
export { guardedLookup } from './guarded-lookup';
export {
  checkOutboundUrl,
  createOutboundClient,
  redirectRefusal,
  type OutboundClient,
  type OutboundOptions,
  type UrlCheck,
} from './outbound-client';
export { OutboundRefusal, type OutboundRefusalCode } from './outbound-refusal';
export { encodeTemplateValue, templateValueProblem } from './template-value';
