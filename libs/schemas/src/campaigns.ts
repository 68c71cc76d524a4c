// Filled by the campaigns work; see docs.
export {};
