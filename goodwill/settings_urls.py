app_name = "desk_settings"

urlpatterns: list = []
