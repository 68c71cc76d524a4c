// Filled by the campaign-goals work; see docs.
export {};
