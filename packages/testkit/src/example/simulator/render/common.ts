/**
 * The "example" provider's wire format: snake_case JSON, its own vocabulary (change requests,
 * handles, phases) so the adapter has real mapping to do. This is the simulated provider's side;
 * the adapter never imports it.
 */
export const EXAMPLE_WEB = 'https://example.test';
