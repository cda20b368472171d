from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Not the directory: the synthetic national dataset that fills it for the demo and the tests
    (`generate_places`, `load_demo`), and the benchmarks that measure it (`bench`)."""

    name = "demo"
    verbose_name = "Démonstration et mesures"
