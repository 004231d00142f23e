/** Events per page of the timeline: the server renders the first page, the client loads the rest as it scrolls. */
export const PAGE_SIZE = 500;
