# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "TGZ")
  # The tarball is an overlay of the same tree as the .deb (usr/..., etc/soss, lib/systemd):
  # DESTDIR staging keeps the absolute destinations (/etc/soss, /lib/systemd/system) inside it.
  set(CPACK_SET_DESTDIR ON)
  set(CPACK_INSTALL_PREFIX "/usr")
endif()
