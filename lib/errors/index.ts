export { AppError, ERROR_STATUS, type ErrorCode } from "./app-error";
export { toAppError, toErrorResponse, type ErrorBody, type MappedError } from "./to-error-response";
export { isUniqueViolation } from "./unique-violation";
