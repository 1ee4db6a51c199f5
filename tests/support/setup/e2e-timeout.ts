// End-to-end tests drive a whole stack on a real Docker engine.
jest.setTimeout(600_000);
