// Filled by the campaign-streams work; see docs.
export {};
