# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by test_msi.sh: the install scenarios under wine, one fresh prefix each.
# Uses check/note/seed_params/seed_kept/wait_active/soss_cli/port_closed from test_msi.sh and
# the helpers of wine_helpers.sh.

pf_rel="Program Files/soss"
win_dir() { echo "C:\\${1//\//\\}"; }  # win_dir "Program Files/soss" -> C:\Program Files\soss

# soss_console.exe: --help and --version run; without a console (stdin a file) it refuses (64);
# in a console it draws the store. Wine's conhost renders a Win32 console on the Unix terminal
# it runs in, here a detached tmux pane (private tmux server), so the pane shows what the
# Windows backend (windows_console_screen.cpp) wrote with WriteConsoleOutputW.
check_console() {
  local exe sock=soss-msi-$$ i seen=1
  exe="$(win_dir "$1")\\soss_console.exe"
  timeout 60 wine "$exe" --help </dev/null 2>/dev/null | tr -d '\r' >"$work/console_help.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] && grep -q "full-screen management console" "$work/console_help.txt"
  check $? "soss_console.exe --help runs and exits 0"
  [ "$(wine_out "$exe" --version)" = "soss_console $version" ]
  check $? "soss_console.exe --version prints $version"
  timeout 60 wine "$exe" </dev/null >/dev/null 2>"$work/console_err.txt"
  [ $? -eq 64 ] && grep -q "needs a console window" "$work/console_err.txt"
  check $? "soss_console.exe without a console says so and exits 64"
  tmux -L "$sock" new-session -d -s console -x 100 -y 30 \
    "env WINEPREFIX='$WINEPREFIX' WINEDEBUG=-all wine '$exe'"
  for i in $(seq 120); do
    tmux -L "$sock" capture-pane -p -t console >"$work/console_screen.txt" 2>/dev/null
    if grep -q "127.0.0.1:$svr *active" "$work/console_screen.txt" \
       && grep -q "soss_console  127.0.0.1:$mgt" "$work/console_screen.txt"; then
      seen=0
      break
    fi
    sleep 0.25
  done
  [ "$seen" -eq 0 ] || { note "console screen:"; cat "$work/console_screen.txt"; }
  check $seen "soss_console.exe in a console shows the store: host 127.0.0.1:$svr active"
  tmux -L "$sock" send-keys -t console q
  seen=1
  for i in $(seq 40); do  # the session ends with its one program
    tmux -L "$sock" has-session -t console 2>/dev/null || { seen=0; break; }
    sleep 0.25
  done
  check $seen "soss_console.exe quits on q"
  tmux -L "$sock" kill-server 2>/dev/null
}

# The RestApiService feature: soss_rest registered on demand, not started by the MSI; started
# with net start, it answers curl from Linux on loopback, with digest authentication (MD5 from
# Windows' CNG, checked against curl's), and stores through the service.
check_rest() {
  local dir=$drive_c/$1 url=http://127.0.0.1:$rest/data/msitest/restkey code i ha1
  [ "$(wine_out "$(win_dir "$1")\\soss_rest.exe" --version)" = "soss_rest $version" ]
  check $? "rest: soss_rest.exe --version prints $version"
  [ "$(reg_value "$rest_key" Start)" = 0x3 ]; check $? "rest: service 'soss_rest' registered, demand start"
  [ "$(rest_state)" = STOPPED ]; check $? "rest: the MSI did not start soss_rest"
  printf '%s\r\n' "tls_cert_file C:\\rest.pem" "tls_key_file C:\\rest.key" >"$dir/tls.conf"
  timeout 60 wine "$(win_dir "$1")\\soss_rest.exe" --config "$(win_dir "$1")\\tls.conf" \
    </dev/null >/dev/null 2>"$work/rest_tls.txt"
  [ $? -eq 78 ] && grep -q "no TLS" "$work/rest_tls.txt"
  check $? "rest: TLS settings are refused (exit 78): the Windows build has no TLS"
  rm -f "$dir/tls.conf"
  ha1=$(printf '%s' "tester:SOSS REST API:s3cret" | md5sum | cut -d' ' -f1)
  printf 'tester:SOSS REST API:%s\n' "$ha1" >"$dir/rest.htdigest"
  printf '%s\r\n' "port $rest" "htdigest_file $(win_dir "$1")\\rest.htdigest" "threads 2" \
    >"$dir/soss_rest.conf"
  wine_out net start soss_rest >/dev/null
  [ "$(rest_state)" = RUNNING ]; check $? "rest: net start soss_rest starts it"
  code=000
  for i in $(seq 80); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url")
    [ "$code" != 000 ] && break
    sleep 0.25
  done
  [ "$code" = 401 ]; check $? "rest: a request without credentials is refused (401, got $code)"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 --digest -u tester:s3cret \
         -X PUT --data-binary "hello from curl" "$url")
  case $code in 200|201|204) code=0 ;; esac
  check "$code" "rest: curl PUT /data/msitest/restkey with digest authentication"
  [ "$(curl -s --max-time 10 --digest -u tester:s3cret "$url")" = "hello from curl" ]
  check $? "rest: curl GET reads it back"
  [ "$(soss_cli get msitest restkey 2>/dev/null)" = "hello from curl" ]
  check $? "rest: the Linux soss tool reads the object soss_rest.exe stored"
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 --digest -u tester:wrong "$url")" = 401 ]
  check $? "rest: a wrong password is refused"
  grep -q "listening on http://127.0.0.1:$rest" "$dir/soss_rest.log"
  check $? "rest: soss_rest.log beside soss_rest.exe says where it listens (plain HTTP: no TLS)"
  wine_out net stop soss_rest >/dev/null
  [ "$(rest_state)" = STOPPED ] && port_free "$rest"; check $? "rest: net stop soss_rest stops it"
}

# soss restart against the Windows service: the service starts a helper copy of
# soss_service.exe and stops; the helper starts it again through the service manager.
check_restart() {
  local dir=$drive_c/$1 starts rc=0
  starts=$(grep -c "starting (parameters" "$dir/soss_service.log")
  timeout 90 wine "$(win_dir "$1")\\soss.exe" restart </dev/null >"$work/restart.txt" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] && grep -q "restarted" "$work/restart.txt"
  check $? "restart: soss.exe restart restarts the Windows service (rc $rc: $(tr -d '\r' <"$work/restart.txt" | head -1))"
  [ "$(grep -c "starting (parameters" "$dir/soss_service.log")" -eq $((starts + 1)) ] \
    && grep -q "restarting through the service manager" "$dir/soss_service.log"
  check $? "restart: the service log shows one stop for a restart and one new start"
  [ "$(service_state)" = RUNNING ] && wait_active
  check $? "restart: the service runs and serves after the restart"
}

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
  for f in soss_service.exe soss.exe soss_console.exe soss_rest.exe soss_client.dll \
           include/soss/client/soss_c.h include/soss/client/grid_connection.hpp lib/libsoss_client.dll.a \
           lib/cmake/soss/sossConfig.cmake samples/CMakeLists.txt samples/hello.cpp \
           dotnet/net10.0/Soss.Client.dll dotnet/net10.0/Soss.AspNetCore.dll; do
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
  check_console "$pf_rel"
  check_rest "$pf_rel"
  check_restart "$pf_rel"

  wine_out net stop soss >/dev/null
  [ "$(service_state)" = STOPPED ] && port_closed
  check $? "full: net stop soss stops the service and closes its ports"
  grep -q "stop requested: stopping" "$drive_c/$pf_rel/soss_service.log"
  check $? "full: the stop control is logged"
  # A "reboot": end every process of the prefix; starting it again auto-starts the service.
  wineserver -k; wineserver -w; wineserver -p 300
  wine_out cmd /c exit >/dev/null
  wait_active; check $? "full: after a reboot the auto-start service serves again"

  msiexec_upgrade "Z:${work//\//\\}\\next\\soss_setup64.msi"
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

  note "a downgrade follows, which msiexec refuses (1603, which wine cuts to 67)"
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
  for f in soss_service.exe soss.exe soss_console.exe soss_rest.exe soss_client.dll soss_params.txt \
           include/soss/client/soss_c.h lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake \
           samples/hello_c.c dotnet/net10.0/Soss.Client.dll; do
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
  only_files "$pf_rel" soss.exe soss_console.exe soss_client.dll soss_params.txt \
    include/soss/client/soss_c.h lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake \
    samples/hello_c.c dotnet/net10.0/Soss.Client.dll
  check $? "INSTALLLEVEL=500: the remote client (tools, libraries, .NET libraries, samples), no service files"
  cmp -s "$drive_c/$pf_rel/soss_params.txt" "$root/packaging/soss_params.txt"
  check $? "INSTALLLEVEL=500: soss_params.txt created with the defaults where there was none"
  [ -z "$(reg_value "$service_key" Start)" ] && [ -z "$(reg_value "$rest_key" Start)" ]
  check $? "INSTALLLEVEL=500: no service registered"
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
  only_files "$pf_rel" soss.exe soss_console.exe soss_client.dll soss_params.txt
  check $? "ADDLOCAL=ManagementTools: soss.exe, soss_console.exe, the DLL, soss_params.txt, nothing else"
  wine_out "C:\\Program Files\\soss\\soss.exe" --help | grep -q "control program"
  check $? "ADDLOCAL=ManagementTools: soss.exe --help runs"
  end_case
}

case_appdir() {
  begin_case appdir
  seed_params "My Apps/soss"
  msiexec_quiet /i 'C:\soss_setup64.msi' 'APPLICATIONFOLDER=C:\My Apps\soss'
  check $? "APPLICATIONFOLDER with a space: install succeeds"
  only_files "My Apps/soss" soss_service.exe soss.exe soss_console.exe soss_rest.exe \
    soss_client.dll soss_params.txt include/soss/client/soss_c.h lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake \
    samples/hello_c.c dotnet/net10.0/Soss.Client.dll
  check $? "APPLICATIONFOLDER with a space: everything in C:\\My Apps\\soss"
  [ ! -e "$drive_c/$pf_rel" ]; check $? "APPLICATIONFOLDER with a space: nothing under Program Files"
  wait_active; check $? "APPLICATIONFOLDER with a space: the service runs from there and serves"
  [ "$(reg_value 'HKLM\Software\soss' InstallDir)" = 'C:\My Apps\soss\' ]
  check $? "APPLICATIONFOLDER with a space: InstallDir names it"
  # The upgrade finds the folder through the registry (AppSearch), without APPLICATIONFOLDER.
  msiexec_upgrade "Z:${work//\//\\}\\next\\soss_setup64.msi"
  check $? "APPLICATIONFOLDER with a space: the upgrade succeeds"
  local registered
  registered=$(reg_value 'HKLM\Software\soss' Version)
  [ "$registered" = "$next_version" ] && [ ! -e "$drive_c/$pf_rel" ] \
    && [ -f "$drive_c/My Apps/soss/soss_service.exe" ]
  local stays=$?
  check $stays "APPLICATIONFOLDER with a space: the upgrade stays in C:\\My Apps\\soss (version '$registered'; $(ls "$drive_c/$pf_rel" 2>/dev/null | tr '\n' ' ')in Program Files; My Apps: $(ls "$drive_c/My Apps/soss" | tr '\n' ' '))"
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
  msiexec_quiet /i 'C:\soss_setup32.msi' ADDLOCAL=ManagementTools,NativeLibs,Samples,RestApiService
  check $? "32-bit: install of the client features and the REST service (not started) succeeds"
  only_files "Program Files (x86)/soss" soss.exe soss_console.exe soss_rest.exe soss_client.dll \
    soss_params.txt include/soss/client/soss_c.h \
    lib/libsoss_client.dll.a lib/cmake/soss/sossConfig.cmake samples/hello_c.c
  check $? "32-bit: files in C:\\Program Files (x86)\\soss"
  [ "$(reg_value "$rest_key" Start)" = 0x3 ] \
    && reg_value "$rest_key" ImagePath | grep -q 'Program Files (x86)\\soss\\soss_rest.exe'
  check $? "32-bit: soss_rest registered (demand start) from Program Files (x86)"
  [ ! -e "$drive_c/$pf_rel" ]; check $? "32-bit: nothing in the 64-bit Program Files"
  [ "$(reg_value 'HKLM\Software\Wow6432Node\soss' InstallDir)" = 'C:\Program Files (x86)\soss\' ]
  check $? "32-bit: registry in the 32-bit view (WOW6432Node)"
  msiexec_quiet /x 'C:\soss_setup32.msi'
  [ $? -eq 0 ] && [ ! -e "$drive_c/Program Files (x86)/soss/soss.exe" ]
  check $? "32-bit: uninstall removes the files"
  end_case
}
