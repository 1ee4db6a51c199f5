// Integration tests start real servers (MinIO, Docker containers): hooks and tests get two minutes.
jest.setTimeout(120_000);
