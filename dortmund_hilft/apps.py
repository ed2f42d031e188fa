from django.apps import AppConfig


class DortmundHilftConfig(AppConfig):
    name = "dortmund_hilft"
    verbose_name = "Dortmund hilft"
