# Check a built setup .exe as a user would meet it: install silently for the current user into a temporary
# folder, find the Start-menu entry, run the installed self-test, uninstall silently, and check that the
# install folder is gone while the user's data folder (%LOCALAPPDATA%\Communique) is still there.
# Usage: packaging\windows\check-installer.ps1 dist\Communique-VERSION-windows-x64-setup.exe
param([Parameter(Mandatory = $true)] [string] $Setup)
$ErrorActionPreference = "Stop"

$target = Join-Path ([IO.Path]::GetTempPath()) "communique-installer-check"
$data = Join-Path $env:LOCALAPPDATA "Communique"
New-Item -ItemType Directory -Force $data | Out-Null
$marker = Join-Path $data "installer-check.txt"
Set-Content $marker "A user's file: the uninstaller must leave it."

$install = Start-Process -FilePath $Setup -Wait -PassThru -ArgumentList `
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/DIR=`"$target`""
if ($install.ExitCode -ne 0) { throw "check-installer: setup exited with status $($install.ExitCode)" }

$programs = [Environment]::GetFolderPath("Programs")
if (-not (Get-ChildItem -Path $programs -Filter "Communiqu*.lnk")) {
    throw "check-installer: no Start-menu entry in $programs"
}
if (-not (Test-Path (Join-Path $target "unins000.exe"))) { throw "check-installer: no uninstaller in $target" }

& (Join-Path $target "communique.exe") --self-test
if ($LASTEXITCODE -ne 0) { throw "check-installer: the installed self-test failed" }

# The uninstaller hands over to a copy of itself; -Wait waits for that descendant too.
$uninstall = Start-Process -FilePath (Join-Path $target "unins000.exe") -Wait -PassThru -ArgumentList `
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"
if ($uninstall.ExitCode -ne 0) { throw "check-installer: the uninstaller exited with status $($uninstall.ExitCode)" }
for ($i = 0; ($i -lt 30) -and (Test-Path (Join-Path $target "communique.exe")); $i++) { Start-Sleep -Seconds 1 }
if (Test-Path (Join-Path $target "communique.exe")) { throw "check-installer: uninstalling left $target behind" }
if (Get-ChildItem -Path $programs -Filter "Communiqu*.lnk") { throw "check-installer: uninstalling left the Start-menu entry" }
if (-not (Test-Path $marker)) { throw "check-installer: uninstalling removed the user's data in $data" }
Remove-Item $marker
Write-Output "check-installer: installed, self-tested and uninstalled; the user's data folder was kept"
