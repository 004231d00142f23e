/** Calls a JSON route and throws an Error carrying the API's own message (`{ error: { message } }`). */
export { requestJson as apiJson } from "@/components/ui/request-json";
