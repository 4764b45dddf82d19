# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by test_msi.sh: the install scenarios under wine, one fresh prefix each.
# Uses check/note/seed_params/seed_kept/wait_active/soss_cli/port_closed from test_msi.sh and
# the helpers of wine_helpers.sh.

pf_rel="Program Files/soss"

# Builds the installed samples with the installed SDK (find_package(soss) from lib/cmake) and
# runs them from the install folder, where soss_client.dll finds soss_params.txt beside itself.
check_samples() {
  local folder=$1 build=$work/sample
  cmake -S "$drive_c/$folder/samples" -B "$build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64-x86_64.cmake" -DCMAKE_BUILD_TYPE=Release \
    -Dsoss_DIR="$drive_c/$folder/lib/cmake/soss" -DCMAKE_EXE_LINKER_FLAGS=-static \
    >"$work/sample.log" 2>&1 && nice -n 10 cmake --build "$build" >>"$work/sample.log" 2>&1
  check $? "the samples build against the installed SDK (find_package(soss), import library)"
  cp "$build"/hello.exe "$build"/hello_c.exe "$drive_c/$folder/" 2>/dev/null
  wine_out "C:\\${folder//\//\\}\\hello_c.exe" | grep -q "get: hello from C"
  check $? "hello_c.exe (C API) stores and reads through soss_client.dll with the default params"
  wine_out "C:\\${folder//\//\\}\\hello.exe" | grep -q "read: hello, world"
  check $? "hello.exe (C++ API) stores and reads through soss_client.dll"
  rm -f "$drive_c/$folder/hello.exe" "$drive_c/$folder/hello_c.exe"
}

case_full() {
  begin_case full64
  seed_params "$pf_rel"
  msiexec_quiet /i 'C:\soss_setup64.msi'
  check $? "full: msiexec /i soss_setup64.msi /quiet succeeds"
  local f missing=0
  for f in soss_service.exe soss.exe soss_client.dll include/soss/client/soss_c.h \
           include/soss/client/grid_connection.hpp lib/libsoss_client.dll.a \
           lib/cmake/soss/sossConfig.cmake samples/CMakeLists.txt samples/hello.cpp; do
    [ -f "$drive_c/$pf_rel/$f" ] || { missing=1; note "full: missing $f"; }
  done
  check $missing "full: every feature's files are in C:\\Program Files\\soss"
  seed_kept "$pf_rel"; check $? "full: the existing soss_params.txt is not overwritten"
  [ "$(reg_value "$service_key" Start)" = 0x2 ]; check $? "full: service 'soss' registered, auto start"
  [ "$(service_state)" = RUNNING ]; check $? "full: the MSI started the service"
  wait_active; check $? "full: the Linux soss tool reaches the service on 127.0.0.1:$mgt (store active)"
  soss_cli put msitest greeting "hello from Linux" >/dev/null
  [ "$(wine_out "C:\\Program Files\\soss\\soss.exe" get msitest greeting)" = "hello from Linux" ]
  check $? "full: soss.exe (beside its soss_params.txt) reads what the Linux tool stored"
  # The service rewrites its parameters file (write a temporary file, rename over the old one).
  soss_cli set lock_timeout=120 >/dev/null \
    && tr -d '\r' <"$drive_c/$pf_rel/soss_params.txt" | grep -q "^lock_timeout  *120$"
  check $? "full: soss set persists into C:\\Program Files\\soss\\soss_params.txt"
  md5sum <"$drive_c/$pf_rel/soss_params.txt" >"$work/seed.md5"  # the operator's file from now on
  grep -q "starting (parameters: C:\\\\Program Files\\\\soss\\\\soss_params.txt)" \
    "$drive_c/$pf_rel/soss_service.log"
  check $? "full: the service logs to soss_service.log beside the parameters it read"
  [ "$(reg_value 'HKLM\Software\soss' InstallDir)" = 'C:\Program Files\soss\' ]
  check $? "full: HKLM\\Software\\soss InstallDir"
  check_samples "$pf_rel"

  wine_out net stop soss >/dev/null
  [ "$(service_state)" = STOPPED ] && port_closed
  check $? "full: net stop soss stops the service and closes its ports"
  grep -q "stop requested: stopping" "$drive_c/$pf_rel/soss_service.log"
  check $? "full: the stop control is logged"
  # A "reboot": end every process of the prefix; starting it again auto-starts the service.
  wineserver -k; wineserver -w; wineserver -p 300
  wine_out cmd /c exit >/dev/null
  wait_active; check $? "full: after a reboot the auto-start service serves again"

  msiexec_quiet /i "Z:${work//\//\\}\\next\\soss_setup64.msi"
  check $? "upgrade: the $next_version MSI installs over $version"
  [ "$(reg_value 'HKLM\Software\soss' Version)" = "$next_version" ]
  check $? "upgrade: only $next_version is registered"
  [ "$(wine_out reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s \
       | grep -c 'DisplayName.*soss (64-bit)')" = 1 ]
  check $? "upgrade: one soss entry in Programs and Features"
  seed_kept "$pf_rel"; check $? "upgrade: soss_params.txt kept"
  wait_active; check $? "upgrade: the service runs again after the upgrade"
  [ "$(soss_cli get msitest greeting 2>/dev/null)" != "hello from Linux" ]
  check $? "upgrade: the store restarted with the new service (in-memory data is gone, as expected)"

  msiexec_quiet /i 'C:\soss_setup64.msi'
  [ $? -ne 0 ]; check $? "downgrade: installing $version over $next_version is refused"
  [ "$(reg_value 'HKLM\Software\soss' Version)" = "$next_version" ]
  check $? "downgrade: $next_version stays installed"

  msiexec_quiet /x "Z:${work//\//\\}\\next\\soss_setup64.msi"
  check $? "uninstall: msiexec /x succeeds"
  [ -z "$(reg_value "$service_key" Start)" ]; check $? "uninstall: the service is removed"
  [ ! -e "$drive_c/$pf_rel/soss_service.exe" ] && [ ! -e "$drive_c/$pf_rel/soss_client.dll" ]
  check $? "uninstall: the programs are removed"
  port_closed; check $? "uninstall: the service's ports are closed"
  seed_kept "$pf_rel"; check $? "uninstall: the configured soss_params.txt stays"
  end_case
}

# only_files FOLDER FILE... : exactly these of the known files are present
only_files() {
  local folder=$1; shift
  local f want present=0 bad=0
  for f in soss_service.exe soss.exe soss_client.dll soss_params.txt include/soss/client/soss_c.h \
           lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake samples/hello_c.c; do
    want=0
    for w in "$@"; do [ "$w" = "$f" ] && want=1; done
    present=0
    [ -e "$drive_c/$folder/$f" ] && present=1
    if [ "$want" != "$present" ]; then
      bad=1
      note "$case_name: $f: expected $([ $want = 1 ] && echo present || echo absent)"
    fi
  done
  return "$bad"
}

case_level500() {
  begin_case level500
  msiexec_quiet /i 'C:\soss_setup64.msi' INSTALLLEVEL=500
  check $? "INSTALLLEVEL=500: install succeeds"
  only_files "$pf_rel" soss.exe soss_client.dll soss_params.txt include/soss/client/soss_c.h \
    lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake samples/hello_c.c
  check $? "INSTALLLEVEL=500: the remote client (tools, libraries, samples), no service files"
  cmp -s "$drive_c/$pf_rel/soss_params.txt" "$root/packaging/soss_params.txt"
  check $? "INSTALLLEVEL=500: soss_params.txt created with the defaults where there was none"
  [ -z "$(reg_value "$service_key" Start)" ]; check $? "INSTALLLEVEL=500: no service registered"
  wine_out "C:\\Program Files\\soss\\soss.exe" --version | grep -q "^soss $version"
  check $? "INSTALLLEVEL=500: soss.exe --version runs"
  # It reads the ports beside itself: no service on this machine, so "unavailable" (69).
  timeout 60 wine "C:\\Program Files\\soss\\soss.exe" --timeout 1 query </dev/null >/dev/null 2>&1
  [ $? -eq 69 ]; check $? "INSTALLLEVEL=500: soss.exe query reads soss_params.txt, finds no service (69)"
  end_case
}

case_addlocal() {
  begin_case addlocal
  msiexec_quiet /i 'C:\soss_setup64.msi' ADDLOCAL=ManagementTools
  check $? "ADDLOCAL=ManagementTools: install succeeds"
  only_files "$pf_rel" soss.exe soss_client.dll soss_params.txt
  check $? "ADDLOCAL=ManagementTools: soss.exe, the DLL it loads, soss_params.txt, nothing else"
  wine_out "C:\\Program Files\\soss\\soss.exe" --help | grep -q "control program"
  check $? "ADDLOCAL=ManagementTools: soss.exe --help runs"
  end_case
}

case_appdir() {
  begin_case appdir
  seed_params "My Apps/soss"
  msiexec_quiet /i 'C:\soss_setup64.msi' 'APPLICATIONFOLDER=C:\My Apps\soss'
  check $? "APPLICATIONFOLDER with a space: install succeeds"
  only_files "My Apps/soss" soss_service.exe soss.exe soss_client.dll soss_params.txt \
    include/soss/client/soss_c.h lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake \
    samples/hello_c.c
  check $? "APPLICATIONFOLDER with a space: everything in C:\\My Apps\\soss"
  [ ! -e "$drive_c/$pf_rel" ]; check $? "APPLICATIONFOLDER with a space: nothing under Program Files"
  wait_active; check $? "APPLICATIONFOLDER with a space: the service runs from there and serves"
  [ "$(reg_value 'HKLM\Software\soss' InstallDir)" = 'C:\My Apps\soss\' ]
  check $? "APPLICATIONFOLDER with a space: InstallDir names it"
  # The upgrade finds the folder through the registry (AppSearch), without APPLICATIONFOLDER.
  msiexec_quiet /i "Z:${work//\//\\}\\next\\soss_setup64.msi"
  check $? "APPLICATIONFOLDER with a space: the upgrade succeeds"
  [ "$(reg_value 'HKLM\Software\soss' Version)" = "$next_version" ] && [ ! -e "$drive_c/$pf_rel" ] \
    && [ -f "$drive_c/My Apps/soss/soss_service.exe" ]
  check $? "APPLICATIONFOLDER with a space: the upgrade stays in C:\\My Apps\\soss"
  wait_active; check $? "APPLICATIONFOLDER with a space: the service serves after the upgrade"
  msiexec_quiet /x "Z:${work//\//\\}\\next\\soss_setup64.msi"
  check $? "APPLICATIONFOLDER with a space: uninstall succeeds"
  port_closed; check $? "APPLICATIONFOLDER with a space: uninstall stops the service"
  [ ! -e "$drive_c/My Apps/soss/soss_service.exe" ]
  check $? "APPLICATIONFOLDER with a space: uninstall removes the programs"
  seed_kept "My Apps/soss"; check $? "APPLICATIONFOLDER with a space: uninstall keeps soss_params.txt"
  end_case
}

# The 32-bit MSI without the service: its programs cannot run on this kernel (no 32-bit ELF, so
# no wine32), and a service that cannot start rolls the install back, as on Windows.
case_x86() {
  begin_case x86
  msiexec_quiet /i 'C:\soss_setup32.msi' ADDLOCAL=ManagementTools,NativeLibs,Samples
  check $? "32-bit: install of the client features succeeds"
  only_files "Program Files (x86)/soss" soss.exe soss_client.dll soss_params.txt \
    include/soss/client/soss_c.h \
    lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake samples/hello_c.c
  check $? "32-bit: files in C:\\Program Files (x86)\\soss"
  [ ! -e "$drive_c/$pf_rel" ]; check $? "32-bit: nothing in the 64-bit Program Files"
  [ "$(reg_value 'HKLM\Software\Wow6432Node\soss' InstallDir)" = 'C:\Program Files (x86)\soss\' ]
  check $? "32-bit: registry in the 32-bit view (WOW6432Node)"
  msiexec_quiet /x 'C:\soss_setup32.msi'
  [ $? -eq 0 ] && [ ! -e "$drive_c/Program Files (x86)/soss/soss.exe" ]
  check $? "32-bit: uninstall removes the files"
  end_case
}
