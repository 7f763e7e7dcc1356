export { DEFAULT_PROJECT_ID, getGuidelines, type Guidelines } from "./get-guidelines";
export { updateGuidelines, MAX_GUIDELINES_CHARS, ZUpdateGuidelinesRequest, type TUpdateGuidelinesRequest, type UpdateGuidelinesOptions } from "./update-guidelines";
