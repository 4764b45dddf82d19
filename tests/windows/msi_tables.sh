# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by test_msi.sh: checks the tables of one MSI with msiinfo (no Windows needed).
#   check_tables MSI ARCH(x64|x86)
# Uses check/note from test_msi.sh.

# The value of column COL (1-based) in the row of TABLE whose first column is KEY.
msi_cell() {
  local msi=$1 table=$2 key=$3 col=$4
  msiinfo export "$msi" "$table" | tr -d '\r' | awk -F'\t' -v k="$key" -v c="$col" \
    'NR > 3 && $1 == k { print $c; exit }'
}

check_tables() {
  local msi=$1 arch=$2 name pf template win64
  name=$(basename "$msi")
  if [ "$arch" = x64 ]; then
    pf=ProgramFiles64Folder template='x64;1033' win64=256
  else
    pf=ProgramFilesFolder template='Intel;1033' win64=0
  fi
  msiinfo suminfo "$msi" | grep -q "Template: $template" ; check $? "$name: summary Template is $template"

  # Feature: Level column 6; the remote client is every feature at level <= 500.
  local feature level
  for feature in StateServerService:1000 ManagementTools:500 NativeLibs:1 Samples:500 \
                 RestApiService:1000 DotNetLibs:500; do
    level=$(msi_cell "$msi" Feature "${feature%%:*}" 6)
    [ "$level" = "${feature##*:}" ]; check $? "$name: Feature ${feature%%:*} has Level ${feature##*:} (got '$level')"
  done
  [ "$(msi_cell "$msi" Feature StateServerService 7)" = APPLICATIONFOLDER ]
  check $? "$name: StateServerService's folder is APPLICATIONFOLDER"
  local fc
  fc=$(msiinfo export "$msi" FeatureComponents | tr -d '\r')
  echo "$fc" | grep -q "^ManagementTools	cmpConsole$"
  check $? "$name: ManagementTools carries soss_console.exe"
  echo "$fc" | grep -q "^RestApiService	cmpRest$" && echo "$fc" | grep -q "^RestApiService	cmpClientDll$"
  check $? "$name: RestApiService carries soss_rest.exe and the soss_client.dll it loads"
  # The .NET libraries feature: NuGet packages in dotnet\, DLLs and xml docs in dotnet\net10.0.
  [ "$(msi_cell "$msi" Feature DotNetLibs 3)" = ".NET libraries" ]
  check $? "$name: Feature DotNetLibs is titled '.NET libraries'"
  echo "$fc" | grep -q "^DotNetLibs	cmpDotnetPackages$" && echo "$fc" | grep -q "^DotNetLibs	cmpDotnetLibs$"
  check $? "$name: DotNetLibs carries the .nupkg and DLL components"
  [ "$(msi_cell "$msi" Directory DOTNETDIR 2)" = APPLICATIONFOLDER ] \
    && [ "$(msi_cell "$msi" Directory DOTNETDIR 3)" = dotnet ] \
    && [ "$(msi_cell "$msi" Directory DOTNETLIBDIR 2)" = DOTNETDIR ]
  check $? "$name: .NET files go to APPLICATIONFOLDER\\dotnet and dotnet\\net10.0"
  local p
  for p in SossClient SossAspNetCore; do
    msi_cell "$msi" File "filNupkg$p" 3 | grep -q "\.nupkg$" \
      && msi_cell "$msi" File "filDll$p" 3 | grep -q "\.dll$" \
      && [ "$(msi_cell "$msi" File "filDll$p" 2)" = cmpDotnetLibs ]
    check $? "$name: File table has the $p .nupkg and DLL"
  done
  [ "$(msi_cell "$msi" Component cmpDotnetLibs 4)" = "$win64" ]
  check $? "$name: .NET component attributes $win64"
  # FileName is "SHORT|long" when the long name is not 8.3.
  msi_cell "$msi" File filConsole 3 | grep -q "soss_console.exe$" \
    && msi_cell "$msi" File filRest 3 | grep -q "soss_rest.exe$"
  check $? "$name: File table has soss_console.exe and soss_rest.exe"

  # Component: 64-bit bit, and NeverOverwrite (128) + Permanent (16) on the parameters file.
  [ "$(msi_cell "$msi" Component cmpParams 4)" = $((win64 + 144)) ]
  check $? "$name: soss_params.txt component is NeverOverwrite + Permanent"
  [ "$(msi_cell "$msi" Component cmpService 4)" = "$win64" ]
  check $? "$name: service component attributes $win64"
  [ "$(msi_cell "$msi" FeatureComponents ManagementTools 2)" != "" ]
  check $? "$name: FeatureComponents lists ManagementTools"
  msiinfo export "$msi" FeatureComponents | grep -q "^ManagementTools	cmpClientDll"
  check $? "$name: ManagementTools carries soss_client.dll (soss.exe loads it)"
  msiinfo export "$msi" FeatureComponents | grep -q "^ManagementTools	cmpParams"
  check $? "$name: ManagementTools carries soss_params.txt (soss.exe reads the ports)"

  # ServiceInstall: own process (16), auto start (2), normal errors (1), --service.
  [ "$(msi_cell "$msi" ServiceInstall svcInstall 2)" = soss ]; check $? "$name: ServiceInstall names service 'soss'"
  [ "$(msi_cell "$msi" ServiceInstall svcInstall 4)" = 16 ] && [ "$(msi_cell "$msi" ServiceInstall svcInstall 5)" = 2 ]
  check $? "$name: ServiceInstall is own-process, auto start"
  [ "$(msi_cell "$msi" ServiceInstall svcInstall 11)" = "--service" ]; check $? "$name: the service runs with --service"
  # ServiceControl events: start on install (1), stop on install (2) and uninstall (32),
  # delete on uninstall (128) = 163; Wait = 1.
  [ "$(msi_cell "$msi" ServiceControl svcControl 3)" = 163 ] && [ "$(msi_cell "$msi" ServiceControl svcControl 5)" = 1 ]
  check $? "$name: ServiceControl starts on install, stops and removes on uninstall, waits"
  # soss_rest: own process, demand start (3): registered, not started (SPEC §7).
  [ "$(msi_cell "$msi" ServiceInstall svcRestInstall 2)" = soss_rest ] \
    && [ "$(msi_cell "$msi" ServiceInstall svcRestInstall 4)" = 16 ] \
    && [ "$(msi_cell "$msi" ServiceInstall svcRestInstall 5)" = 3 ] \
    && [ "$(msi_cell "$msi" ServiceInstall svcRestInstall 11)" = "--service" ]
  check $? "$name: ServiceInstall registers 'soss_rest' as own-process, demand start, --service"
  # Events: stop on install (2) and uninstall (32), delete on uninstall (128), no start = 162.
  [ "$(msi_cell "$msi" ServiceControl svcRestControl 3)" = 162 ]
  check $? "$name: ServiceControl never starts soss_rest, stops and removes it on uninstall"

  [ "$(msi_cell "$msi" Property INSTALLLEVEL 2)" = 1000 ]; check $? "$name: Property INSTALLLEVEL = 1000 (full install)"
  [ "$(msi_cell "$msi" Property ALLUSERS 2)" = 1 ]; check $? "$name: per-machine install (ALLUSERS 1)"
  [ -n "$(msi_cell "$msi" Property UpgradeCode 2)" ]; check $? "$name: Property UpgradeCode set"
  [ "$(msi_cell "$msi" Directory APPLICATIONFOLDER 2)" = "$pf" ]
  check $? "$name: APPLICATIONFOLDER (public, settable) under $pf"

  msiinfo export "$msi" AppSearch | grep -q "^APPLICATIONFOLDER	rsInstallDir"
  check $? "$name: AppSearch reads the installed folder back into APPLICATIONFOLDER"
  [ "$(msi_cell "$msi" RegLocator rsInstallDir 5)" = $(( win64 == 256 ? 18 : 2 )) ]
  check $? "$name: RegLocator reads InstallDir in the $arch registry view"
  msi_cell "$msi" Property SecureCustomProperties 2 | grep -q APPLICATIONFOLDER
  check $? "$name: APPLICATIONFOLDER is a secure property"

  # Upgrade: one row finds older versions (to remove), one newer ones (to refuse).
  local upgrade
  upgrade=$(msiinfo export "$msi" Upgrade | tr -d '\r')
  echo "$upgrade" | grep -q "WIX_UPGRADE_DETECTED" && echo "$upgrade" | grep -q "WIX_DOWNGRADE_DETECTED"
  check $? "$name: Upgrade table detects older and newer versions"
  [ "$(echo "$upgrade" | awk -F'\t' '$7 == "WIX_UPGRADE_DETECTED" { print $5 }')" = 513 ]
  check $? "$name: a rebuild of the same version upgrades (VersionMaxInclusive)"
  msiinfo export "$msi" LaunchCondition | grep -q "NOT WIX_DOWNGRADE_DETECTED"
  check $? "$name: LaunchCondition refuses a downgrade"
  msiinfo export "$msi" InstallExecuteSequence | grep -q "^RemoveExistingProducts"
  check $? "$name: RemoveExistingProducts scheduled (major upgrade)"
}
