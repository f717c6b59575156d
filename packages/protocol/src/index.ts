export { ERROR_CODES, isErrorCode, type ErrorCode } from "./error-codes.js";
export { CodesparError, isCodesparError } from "./codespar-error.js";
export { currencyExponent, isMinorAmount, minorToDecimalString, minorToDecimal, decimalToMinor } from "./money.js";
