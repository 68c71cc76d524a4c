// Filled by the attribution work; see docs.
export {};
