from ..start.journeys import journey_app  # noqa: F401  (a fixture for the tests here)
